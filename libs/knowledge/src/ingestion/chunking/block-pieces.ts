import type { ParsedBlock } from '../parsing/parsed-document';
import { estimateTokens } from './estimate-tokens';
import { packUnits, splitText } from './split-text';

/** A block, or a part of one, that fits in a chunk. */
export interface Piece {
  text: string;
  block: ParsedBlock;
  /** Continues the previous piece's block: joined with `joiner` instead of a paragraph break. */
  continues: boolean;
  joiner: string;
  /** Later parts of a table repeat its header and last rows themselves; text overlap in front would hide the header. */
  ownOverlap: boolean;
}

/**
 * Splits a block only when it cannot fit a chunk whole. Parts of prose and lists leave room for the overlap
 * (`budget`); tables get the full `maxTokens` because their overlap is built in.
 */
export function blockPieces(block: ParsedBlock, maxTokens: number, budget: number, overlapTokens: number): Piece[] {
  const text = block.text.trim();
  if (!text) return [];
  const joiner = block.kind === 'paragraph' ? ' ' : '\n';
  const piece = (part: string, i: number, ownOverlap = false): Piece => ({ text: part, block, continues: i > 0, joiner, ownOverlap });
  if (estimateTokens(text) <= maxTokens) return [piece(text, 0)];
  if (block.kind === 'table') return tableParts(text, maxTokens, overlapTokens).map((part, i) => piece(part, i, i > 0));
  if (block.kind === 'list') return packUnits(listItems(text), budget).map((part, i) => piece(part, i));
  return splitText(text, budget).map((part, i) => piece(part, i));
}

/** A list item with its nested (indented) items and wrapped lines, each ending with its line break. */
function listItems(text: string): string[] {
  const items: string[] = [];
  for (const line of text.split('\n')) {
    if (items.length && /^\s/.test(line)) items[items.length - 1] += `${line}\n`;
    else items.push(`${line}\n`);
  }
  return items;
}

/**
 * Rows grouped under a repeated header row, each group (after the first) also repeating the previous group's
 * last rows up to `overlapTokens`, so a part of a table reads like a table.
 */
function tableParts(text: string, maxTokens: number, overlapTokens: number): string[] {
  const [header, ...rows] = text.split('\n');
  const rowBudget = maxTokens - estimateTokens(`${header}\n`);
  // A header that eats most of the budget is not worth repeating; split the table like any text then.
  if (rowBudget < maxTokens / 2) return packUnits(text.split('\n').map((row) => `${row}\n`), maxTokens);

  const groups: string[][] = [];
  let current: string[] = [];
  let carried = 0;
  const size = (lines: string[]) => estimateTokens(lines.join('\n'));
  for (const row of rows.flatMap((r) => (estimateTokens(r) > rowBudget ? splitText(r, rowBudget) : [r]))) {
    if (current.length > carried && size([...current, row]) > rowBudget) {
      groups.push(current);
      current = lastRows(current, overlapTokens, rowBudget - estimateTokens(`${row}\n`));
      carried = current.length;
    }
    current.push(row);
  }
  if (current.length > carried || groups.length === 0) groups.push(current);
  return groups.map((group) => [header, ...group].join('\n'));
}

function lastRows(rows: string[], overlapTokens: number, room: number): string[] {
  const limit = Math.min(overlapTokens, room);
  const tail: string[] = [];
  for (let i = rows.length - 1; i >= 0 && estimateTokens([rows[i], ...tail].join('\n')) <= limit; i--) tail.unshift(rows[i]);
  // Repeating every row of the last group would never make progress.
  return tail.length === rows.length ? tail.slice(1) : tail;
}
