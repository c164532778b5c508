import { DomainError } from '@confab/plugin-sdk';
import { EmbeddingError } from './embeddings/embedding-error';
import { VectorStoreError } from './vector-store/vector-store-error';

/** The embedding server or the vector store cannot be reached; the server maps it to 503. */
export class KnowledgeUnavailable extends DomainError {
  constructor(message: string) {
    super('KNOWLEDGE_UNAVAILABLE', `${message}; try again shortly`);
  }
}

/** Runs a call to the embedder or vector store, turning their failures into a 503 a caller understands. */
export async function orUnavailable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof VectorStoreError) throw new KnowledgeUnavailable(`The vector store is not available: ${err.message}`);
    if (err instanceof EmbeddingError) throw new KnowledgeUnavailable(`The embedding model is not available: ${err.message}`);
    throw err;
  }
}
