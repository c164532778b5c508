import type { ParsedBlock, ParsedDocument } from '../parsing/parsed-document';
import { blockPieces, Piece } from './block-pieces';
import type { ChunkOptions, DocumentChunk } from './chunk.types';
import { estimateTokens } from './estimate-tokens';
import { chunkPosition, commonPath } from './chunk-position';
import { tailOverlap } from './split-text';

interface Draft {
  text: string;
  pieces: Piece[];
  /** The piece whose end was repeated in front: it counts for the position, not for the heading path. */
  overlapFrom?: Piece;
}

/**
 * Cuts a parsed document into chunks for embedding. Each top-level section (level 1 or 2 heading) is chunked on
 * its own, so no chunk mixes two topics; inside a section, blocks are packed up to `maxTokens`, and each chunk
 * after the first starts with the end of the one before it so a fact cut in two is still found whole somewhere.
 */
export function chunkDocument(doc: ParsedDocument, options: ChunkOptions): DocumentChunk[] {
  const maxTokens = Math.floor(options.maxTokens);
  if (!(maxTokens >= 1)) throw new RangeError(`maxTokens must be at least 1, got ${options.maxTokens}`);
  // Overlap beyond half a chunk would make consecutive chunks mostly the same text.
  const overlapTokens = Math.max(0, Math.min(Math.floor(options.overlapTokens) || 0, Math.floor(maxTokens / 2)));
  const budget = maxTokens - overlapTokens;

  return sections(doc.blocks)
    .flatMap((blocks) => packSection(blocks.flatMap((b) => blockPieces(b, maxTokens, budget, overlapTokens)), maxTokens, overlapTokens))
    .map((draft, index) => ({
      index,
      text: draft.text,
      headingPath: commonPath(draft.pieces.map((piece) => piece.block.headingPath)),
      position: chunkPosition([...(draft.overlapFrom ? [draft.overlapFrom.block] : []), ...draft.pieces.map((p) => p.block)]),
      tokens: estimateTokens(draft.text),
    }));
}

/**
 * Body blocks grouped by top-level section. Headings of level 1-2 open a new section; deeper headings do not,
 * so short subsections can share a chunk. Blocks built without heading blocks fall back to comparing the first
 * two titles of their heading path.
 */
function sections(blocks: ParsedBlock[]): ParsedBlock[][] {
  const byHeadings = blocks.some((block) => block.kind === 'heading');
  const groups: ParsedBlock[][] = [];
  let open = false;
  let key = '';
  for (const block of blocks) {
    if (block.kind === 'heading') {
      if ((block.level ?? 1) <= 2) open = false;
      continue;
    }
    const blockKey = JSON.stringify(block.headingPath.slice(0, 2));
    if (!open || (!byHeadings && blockKey !== key)) groups.push([]);
    groups[groups.length - 1].push(block);
    open = true;
    key = blockKey;
  }
  return groups;
}

function packSection(pieces: Piece[], maxTokens: number, overlapTokens: number): Draft[] {
  const drafts: Draft[] = [];
  for (const piece of pieces) {
    const current = drafts[drafts.length - 1];
    const joined = current && `${current.text}${piece.continues ? piece.joiner : '\n\n'}${piece.text}`;
    if (joined && estimateTokens(joined) <= maxTokens) {
      current.text = joined;
      current.pieces.push(piece);
    } else {
      drafts.push(startDraft(piece, current, maxTokens, overlapTokens));
    }
  }
  return drafts;
}

/** A new chunk opens with the end of the previous one, shortened if the piece leaves less room. */
function startDraft(piece: Piece, previous: Draft | undefined, maxTokens: number, overlapTokens: number): Draft {
  if (!previous || piece.ownOverlap || overlapTokens === 0) return { text: piece.text, pieces: [piece] };
  const joiner = piece.continues ? piece.joiner : '\n\n';
  const room = maxTokens - estimateTokens(piece.text + joiner);
  const source = previous.pieces[previous.pieces.length - 1];
  // Half a list item or half a line of code reads as a different fact; those repeat whole or not at all.
  const overlap = tailOverlap(previous.text, overlapTokens, room, source.block.kind !== 'paragraph');
  if (!overlap) return { text: piece.text, pieces: [piece] };
  return { text: `${overlap}${joiner}${piece.text}`, pieces: [piece], overlapFrom: source };
}
