import { VectorStoreError } from './vector-store-error';

/** Duck-typed: errors from the native module are created in Node's main realm, so `instanceof Error` fails in jest. */
export function messageOf(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(err);
}

export function lanceError(err: unknown, action: string): VectorStoreError {
  if (err instanceof VectorStoreError) return err;
  const message = messageOf(err);
  // Concurrent writers to one table can lose a commit race; LanceDB calls those conflicts retryable.
  const retryable = /conflict|retryable|timed? ?out|temporarily/i.test(message);
  return new VectorStoreError(`LanceDB ${action} failed: ${message}`, retryable, undefined, { cause: err });
}
