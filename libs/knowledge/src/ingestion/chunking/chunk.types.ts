export interface ChunkOptions {
  /** Target upper bound of a chunk, in approximate tokens (about 4 characters each). */
  maxTokens: number;
  /** Tokens of the previous chunk repeated at the start of the next one. */
  overlapTokens: number;
}

export interface DocumentChunk {
  /** 0-based order within the document. */
  index: number;
  /** The text that is embedded and shown; it does not repeat the heading path. */
  text: string;
  headingPath: string[];
  /** First and last page / line the chunk covers, where the format has them. */
  position: { pageFrom?: number; pageTo?: number; lineFrom?: number; lineTo?: number };
  /** Approximate token count of `text`. */
  tokens: number;
}
