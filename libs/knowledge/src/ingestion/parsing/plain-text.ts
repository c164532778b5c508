/** Small text helpers shared by the parsers; every parser hands the chunker the same kind of plain text. */

/** Runs of whitespace (including non-breaking spaces) become one space, so wrapped source lines read as one. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Unifies line endings so line numbers mean the same thing whatever editor saved the file. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Markdown passes entities through untouched; the common ones are decoded so "&amp;" is not embedded literally. */
export function decodeBasicEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, code: string) => {
    if (code[0] === '#') {
      const point = code[1].toLowerCase() === 'x' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : match;
    }
    return NAMED_ENTITIES[code.toLowerCase()] ?? match;
  });
}

/** "- ", "* ", "+ ", "• " bullets and "1. " / "1) " numbers: the shapes people type for lists in plain text. */
export const LIST_ITEM = /^(\s*)([-*+•‣◦]|\d{1,3}[.)])\s+(.*)$/;

/** Rewrites a list line to the block convention: "- item" for bullets, "1. item" for numbers. */
export function normalizeListLine(line: string): string | undefined {
  const match = LIST_ITEM.exec(line);
  if (!match) return undefined;
  const [, indent, marker, rest] = match;
  const prefix = /\d/.test(marker) ? `${marker.slice(0, -1)}. ` : '- ';
  return `${indent.replace(/\t/g, '  ')}${prefix}${rest.trim()}`;
}
