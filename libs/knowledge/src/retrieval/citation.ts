/** A chunk an answer drew on, stored with the reply so an operator can see why it said what it said. */
export interface Citation {
  /** The number the model saw the chunk under, "[1]", so the reply can quote it. */
  marker: number;
  chunkId: string;
  documentId: string;
  knowledgeBaseId: string;
  documentTitle: string;
  headingPath: string[];
  /** Cosine similarity to the question (null for a chunk found only by full-text search). */
  score: number | null;
  /** The start of the chunk text, for display. */
  excerpt: string;
  url?: string | null;
  page?: number | null;
  /** The reply quotes it as [marker]. */
  cited?: boolean;
}
