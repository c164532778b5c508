export interface EmbeddingResult {
  /** One vector per input text, in input order. */
  vectors: number[][];
  /** Tokens billed for the request (0 for the embedded encoder). */
  promptTokens: number;
  /** The model that produced the vectors. */
  model: string;
}

/** Turns texts into vectors. Each knowledge base records the model and dimension it was built with. */
export abstract class Embedder {
  /** 'openai' or 'embedded'. */
  abstract readonly kind: string;
  abstract readonly model: string;
  abstract readonly dimension: number;
  /** Embeds texts in batches the provider accepts; never called with an empty list or empty strings. */
  abstract embed(texts: string[], signal?: AbortSignal): Promise<EmbeddingResult>;
}
