import type { Citation } from './citation';
import type { RetrievedChunk } from './retrieved-chunk';

const EXCERPT = 280;

/** How a chunk is shown to the model: numbered, with its source, so the reply can cite "[2]". */
export function formatChunks(chunks: RetrievedChunk[], firstMarker = 1): string {
  return chunks
    .map((c, i) => {
      const where = [c.documentTitle, ...c.headingPath].filter(Boolean).join(' > ');
      return `[${firstMarker + i}] ${where}\n${c.text}`;
    })
    .join('\n\n');
}

/** The system-prompt block of the inject mode. */
export function knowledgeBlock(chunks: RetrievedChunk[]): string {
  if (!chunks.length) {
    return (
      '\n\nKnowledge base: nothing in the knowledge base matches this message. If the answer is not in the ' +
      'conversation or your instructions, say that you do not know rather than guessing.'
    );
  }
  return (
    '\n\nKnowledge base excerpts for this message. Answer from them when they are relevant, cite the excerpt you ' +
    'used as [n], and say you do not know when they do not cover the question:\n\n' +
    formatChunks(chunks)
  );
}

export function toCitations(chunks: RetrievedChunk[], firstMarker = 1): Citation[] {
  return chunks.map((c, i) => ({
    marker: firstMarker + i,
    chunkId: c.chunkId,
    documentId: c.documentId,
    knowledgeBaseId: c.knowledgeBaseId,
    documentTitle: c.documentTitle,
    headingPath: c.headingPath,
    score: c.score === null ? null : Math.round(c.score * 10_000) / 10_000,
    excerpt: c.text.length > EXCERPT ? `${c.text.slice(0, EXCERPT - 1)}…` : c.text,
    url: c.url,
    page: c.position.pageFrom ?? null,
  }));
}

/** Which markers the reply actually quotes, e.g. "[1]" or "[1][3]" or "[2, 3]". */
export function citedMarkers(reply: string): Set<number> {
  const markers = new Set<number>();
  for (const group of reply.matchAll(/\[(\d+(?:\s*,\s*\d+)*)\]/g)) {
    for (const n of group[1].split(',')) markers.add(Number(n.trim()));
  }
  return markers;
}
