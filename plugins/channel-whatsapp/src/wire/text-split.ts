/** Coarsest first: keeping paragraphs, then lines (lists), then sentences together reads best in a chat. */
const BOUNDARIES: RegExp[] = [/\n[ \t]*\n\s*/g, /\n/g, /(?<=[.!?…。！？])\s+/g, /\s+/g];
const FENCE = '```';
const REOPEN = FENCE + '\n';
const CLOSE = '\n' + FENCE;

/**
 * Splits a reply into WhatsApp-sized messages (text.body ≤ 4096). Parts keep order, are never empty and
 * never exceed `max` (UTF-16 units, which is at least as strict as counting code points). A code block cut
 * in two is closed at the end of one part and reopened in the next, so each bubble renders on its own.
 */
export function splitForWhatsApp(text: string, max = 4096): string[] {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a positive integer, got ${max}`);
  const trimmed = text.trim();
  if (trimmed.length === 0) return [];
  if (trimmed.length <= max) return [trimmed];

  // Room for the fence repair below; skipped for absurdly small limits where it cannot fit anyway.
  const reserve = trimmed.includes(FENCE) && max > 4 * (REOPEN.length + CLOSE.length) ? REOPEN.length + CLOSE.length : 0;
  const parts = pack(trimmed, max - reserve, 0)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return reserve > 0 ? balanceFences(parts) : parts;
}

function pack(text: string, max: number, level: number): string[] {
  if (text.trim().length <= max) return [text];
  const boundary = BOUNDARIES[level];
  if (!boundary) return hardCut(text, max);
  const pieces = splitKeepingSeparators(text, boundary);
  if (pieces.length <= 1) return pack(text, max, level + 1);

  const out: string[] = [];
  let current = '';
  const add = (piece: string) => {
    if ((current + piece).trim().length <= max) {
      current += piece;
    } else {
      if (current) out.push(current);
      current = piece;
    }
  };
  for (const piece of pieces) {
    // An oversized piece is split finer and its fragments packed like any other, so a short lead-in
    // ("Intro") shares a message with the start of the long block instead of going out alone.
    if (piece.trim().length > max) pack(piece, max, level + 1).forEach(add);
    else add(piece);
  }
  if (current) out.push(current);
  return out;
}

/** Each piece keeps the separator that followed it, so joining the pieces gives back the exact text. */
function splitKeepingSeparators(text: string, boundary: RegExp): string[] {
  const pieces: string[] = [];
  let last = 0;
  for (const m of text.matchAll(boundary)) {
    const end = m.index + m[0].length;
    if (m.index === 0 || end === last) continue;
    pieces.push(text.slice(last, end));
    last = end;
  }
  if (last < text.length) pieces.push(text.slice(last));
  return pieces;
}

function hardCut(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    let cut = max;
    // Never split a surrogate pair: half an emoji renders as a replacement character.
    const code = rest.charCodeAt(cut - 1);
    if (cut > 1 && code >= 0xd800 && code <= 0xdbff) cut -= 1;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) out.push(rest);
  return out;
}

function balanceFences(parts: string[]): string[] {
  let open = false;
  return parts.map((part) => {
    const fences = part.split(FENCE).length - 1;
    const openAfter = open !== (fences % 2 === 1);
    const fixed = (open ? REOPEN : '') + part + (openAfter ? CLOSE : '');
    open = openAfter;
    return fixed;
  });
}
