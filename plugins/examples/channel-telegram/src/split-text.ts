/**
 * Splits a reply into parts of at most `max` UTF-16 units (how Telegram counts its 4096), breaking at a paragraph,
 * then a line, then a space in the second half of a part when there is one, and never inside a surrogate pair.
 */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const breakAt = [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')].find((i) => i >= max / 2);
    let cut = breakAt ?? max;
    // A high surrogate at the end would leave half a character in each part.
    if (breakAt === undefined && /[\uD800-\uDBFF]/.test(rest[cut - 1])) cut--;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (!parts.length) return [text];
  if (rest.trimEnd().length) parts.push(rest.trimEnd());
  return parts;
}
