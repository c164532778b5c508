export interface RetrievedChunk {
  chunkId: string;
  documentId: string;
  knowledgeBaseId: string;
  documentTitle: string;
  url: string | null;
  headingPath: string[];
  text: string;
  /** Cosine similarity to the query; null when only full-text search returned it. */
  score: number | null;
  /** 1-based rank in the full-text results (hybrid search), else null. */
  lexicalRank: number | null;
  position: Record<string, number>;
}

export interface QueryEmbeddingUsage {
  model: string;
  promptTokens: number;
  costMicros: number;
  currency: string;
  priceRef: string | null;
}

export interface RetrievalResult {
  chunks: RetrievedChunk[];
  /** The best similarity seen, above the threshold or not (null when no vector came back at all). */
  bestScore: number | null;
  /** The threshold applied per embedding model. */
  thresholds: Record<string, number>;
  usage: QueryEmbeddingUsage[];
  /** The query's vector under the first model searched, reused to group unanswered questions. */
  queryEmbedding: { model: string; vector: number[] } | null;
}
