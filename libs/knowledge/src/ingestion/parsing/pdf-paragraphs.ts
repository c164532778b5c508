import type { StructuredTextItem } from 'unpdf';

interface Line {
  text: string;
  y: number;
  fontSize: number;
}

/**
 * A page's text items regrouped into paragraphs. PDFs have no paragraph markup, so a break is inferred where
 * the gap to the next line is clearly larger than line spacing, the font size changes (a heading), or the text
 * jumps upwards (a new column).
 */
export function pdfParagraphs(items: StructuredTextItem[]): string[] {
  const paragraphs: string[][] = [];
  let previous: Line | undefined;
  for (const line of pdfLines(items)) {
    const gap = previous ? previous.y - line.y : 0;
    const size = Math.max(line.fontSize, previous?.fontSize ?? 0) || 10;
    const sizeChanged = previous !== undefined && Math.abs(line.fontSize - previous.fontSize) > size * 0.15;
    if (!previous || gap > size * 1.6 || gap < -size * 0.5 || sizeChanged) paragraphs.push([]);
    paragraphs[paragraphs.length - 1].push(line.text);
    previous = line;
  }
  return paragraphs.map(joinLines).filter(Boolean);
}

function pdfLines(items: StructuredTextItem[]): Line[] {
  const lines: Line[] = [];
  let current: (Line & { endX: number }) | undefined;
  for (const item of items) {
    const hasText = item.str.trim() !== '';
    // Some producers never set hasEOL; a change of baseline ends the line just as well.
    if (current && hasText && Math.abs(item.y - current.y) > Math.max(item.fontSize, 1) * 0.5) current = undefined;
    if (hasText) {
      if (!current) {
        current = { text: '', y: item.y, fontSize: item.fontSize, endX: item.x };
        lines.push(current);
      }
      // Words placed apart without a space character still need one between them.
      const spaced = item.x - current.endX > item.fontSize * 0.15 && !/\s$/.test(current.text) && !/^\s/.test(item.str);
      current.text += (spaced && current.text ? ' ' : '') + item.str;
      current.endX = item.x + item.width;
      current.fontSize = Math.max(current.fontSize, item.fontSize);
    }
    if (item.hasEOL) current = undefined;
  }
  return lines.map((line) => ({ ...line, text: line.text.replace(/\s+/g, ' ').trim() })).filter((line) => line.text);
}

/** Wrapped lines join with a space; a line ending in a hyphen joins directly ("e-" + "bikes"). */
function joinLines(lines: string[]): string {
  return lines.reduce((text, line) => (!text ? line : /\p{L}-$/u.test(text) ? text + line : `${text} ${line}`), '');
}
