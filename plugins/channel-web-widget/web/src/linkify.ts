// Splits message text into plain parts and links. The UI turns parts into text nodes and <a> elements, so message
// text is never parsed as HTML; only http(s) URLs become links (no javascript:, data: or mailto: surprises).

export type TextPart = { text: string; href?: string };

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Punctuation that ends a sentence rather than the URL ("see https://x.example/a.").
const TRAILING = ".,;:!?)]}'\"";

export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    const url = trimTrailing(match[0]);
    const href = safeHref(url);
    if (!href) continue;
    const start = match.index!;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: url, href });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

function trimTrailing(url: string): string {
  while (url && TRAILING.includes(url[url.length - 1])) {
    // A closing parenthesis that pairs with one inside the URL belongs to it (Wikipedia's "..._(band)").
    if (url.endsWith(')') && count(url, '(') >= count(url, ')')) break;
    url = url.slice(0, -1);
  }
  return url;
}

const count = (s: string, c: string) => s.split(c).length - 1;

function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
