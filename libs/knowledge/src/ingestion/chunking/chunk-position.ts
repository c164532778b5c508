import type { ParsedBlock } from '../parsing/parsed-document';
import type { DocumentChunk } from './chunk.types';

/** First and last page and line over the blocks a chunk draws on; absent when the format has none. */
export function chunkPosition(blocks: ParsedBlock[]): DocumentChunk['position'] {
  const pages = blocks.map((b) => b.position.page).filter((n): n is number => n !== undefined);
  const lines = blocks.map((b) => b.position.line).filter((n): n is number => n !== undefined);
  return {
    ...(pages.length ? { pageFrom: Math.min(...pages), pageTo: Math.max(...pages) } : {}),
    ...(lines.length ? { lineFrom: Math.min(...lines), lineTo: Math.max(...lines) } : {}),
  };
}

/** The headings every part of a chunk shares: a chunk spanning two subsections is cited by their parent. */
export function commonPath(paths: string[][]): string[] {
  if (!paths.length) return [];
  const [first, ...rest] = paths;
  const length = first.findIndex((title, i) => rest.some((path) => path[i] !== title));
  return [...(length === -1 ? first : first.slice(0, length))];
}
