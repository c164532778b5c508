import { EmbeddingError } from '../embeddings/embedding-error';
import { VectorStoreError } from '../vector-store/vector-store-error';
import { DocumentParseError } from './parsing/parsed-document';
import { FetchFailed } from './fetch-page';

/** A document that cannot be indexed as it is; retrying will not help. */
export class IndexingRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexingRefused';
  }
}

/** Whether another attempt of the job can succeed where this one failed. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof IndexingRefused || err instanceof DocumentParseError) return false;
  if (err instanceof FetchFailed || err instanceof EmbeddingError || err instanceof VectorStoreError) return err.retryable;
  // Unknown errors (a dropped database connection, a bug) get the job's retries; the last one records the reason.
  return true;
}
