/**
 * A vector store call failed. `retryable` says whether the same call can succeed later (rate limit, 5xx, network,
 * timeout) or never will as it is (bad input, wrong dimension, missing collection), so jobs know whether to retry.
 */
export class VectorStoreError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** The store's HTTP status, when there was one. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'VectorStoreError';
  }
}
