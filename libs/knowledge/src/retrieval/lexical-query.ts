// Words that carry no meaning for matching, in the languages customers write most here (English, German).
const STOP_WORDS = new Set(
  ('a an and are as at be but by can could do does for from had has have how i if in is it its me my of on or our ' +
    'please so that the their them there they this to was we what when where which who why will with would you your ' +
    'der die das den dem des ein eine einen einem einer und oder ist sind wie was wo wann warum ich du sie wir ihr es ' +
    'mit von zu für auf bei im in an am aus nicht kann können mein meine bitte hallo hi hello')
    .split(' '),
);

/**
 * A full-text query where any meaningful word may match (OR), ranked by how many and how close: customers ask in
 * sentences, and requiring every word (AND) would rarely match a chunk. Returns null when no word is left.
 */
export function lexicalQuery(text: string): string | null {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 1 && !STOP_WORDS.has(w));
  const unique = [...new Set(words)].slice(0, 24);
  // Only letters and digits survive the match above, so nothing here can break the tsquery syntax.
  return unique.length ? unique.map((w) => `${w}:*`).join(' | ') : null;
}
