import { ParsedBlock, ParsedDocument } from './parsed-document';
import { collapseWhitespace, LIST_ITEM, normalizeListLine, normalizeNewlines } from './plain-text';

interface Run {
  kind: 'paragraph' | 'list';
  lines: string[];
  line: number;
}

/**
 * Plain text: blank lines separate paragraphs; lines shaped like list items become list blocks, so a
 * "Steps:" line followed by bullets without a blank line still yields a paragraph and a list.
 */
export function parseText(text: string): ParsedDocument {
  const lines = normalizeNewlines(text).split('\n');
  const runs: Run[] = [];
  let current: Run | undefined;

  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    if (!line.trim()) {
      current = undefined;
      return;
    }
    const isItem = LIST_ITEM.test(line);
    // An indented line after a list item is that item's wrapped continuation, not a new paragraph.
    const continuesItem = current?.kind === 'list' && !isItem && /^\s+/.test(line);
    if (continuesItem && current) {
      current.lines[current.lines.length - 1] += ` ${line.trim()}`;
      return;
    }
    const kind = isItem ? 'list' : 'paragraph';
    if (!current || current.kind !== kind) {
      current = { kind, lines: [], line: i + 1 };
      runs.push(current);
    }
    current.lines.push(isItem ? (normalizeListLine(line) ?? line) : line);
  });

  const blocks: ParsedBlock[] = runs.map((run) => ({
    kind: run.kind,
    text: run.kind === 'list' ? run.lines.join('\n') : collapseWhitespace(run.lines.join(' ')),
    headingPath: [],
    position: { line: run.line },
  }));
  return { blocks };
}
