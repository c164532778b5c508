/** An embedding request failed; `retryable` tells the ingestion job whether trying again can help. */
export class EmbeddingError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'EmbeddingError';
  }
}
