export interface Segment {
  text: string;
  hit: boolean;
}

/**
 * Splits a search snippet into plain and highlighted parts from the API's offsets (UTF-16, end exclusive).
 * Offsets out of range or overlapping are clamped, so a bad offset never hides text.
 */
export function highlightSegments(snippet: string, highlights: Array<{ start: number; end: number }>): Segment[] {
  const ranges = [...highlights]
    .map((h) => ({ start: Math.max(0, Math.min(h.start, snippet.length)), end: Math.max(0, Math.min(h.end, snippet.length)) }))
    .filter((h) => h.end > h.start)
    .sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let at = 0;
  for (const r of ranges) {
    const start = Math.max(r.start, at);
    if (r.end <= start) continue;
    if (start > at) out.push({ text: snippet.slice(at, start), hit: false });
    out.push({ text: snippet.slice(start, r.end), hit: true });
    at = r.end;
  }
  if (at < snippet.length) out.push({ text: snippet.slice(at), hit: false });
  return out;
}
