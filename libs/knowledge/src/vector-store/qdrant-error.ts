import { VectorStoreError } from './vector-store-error';

/** The parts of the client's errors we read; its ApiError class is not exported, so everything is duck-typed. */
interface ClientFailure {
  name?: string;
  message?: string;
  status?: unknown;
  statusText?: string;
  data?: unknown;
  retry_after?: number;
  cause?: { code?: string; message?: string };
}

const NETWORK_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET'];

/** Qdrant's own words: `{"status":{"error":".."}}` in JSON, or the bare text its auth layer answers with. */
function qdrantText(data: unknown): string | undefined {
  if (typeof data === 'string' && data.trim() !== '') return data.trim();
  const error = (data as { status?: { error?: unknown } } | undefined)?.status?.error;
  return typeof error === 'string' ? error : undefined;
}

function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Wraps whatever the Qdrant client threw into a VectorStoreError that says what failed and whether to retry. */
export function toVectorStoreError(err: unknown, action: string): VectorStoreError {
  if (err instanceof VectorStoreError) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as ClientFailure;
  const prefix = `Qdrant ${action} failed`;
  if (typeof e.status === 'number') {
    const text = qdrantText(e.data) ?? e.statusText ?? e.message ?? 'no error text';
    return new VectorStoreError(`${prefix} with HTTP ${e.status}: ${text}`, retryableStatus(e.status), e.status, { cause: err });
  }
  // A 429 with Retry-After comes as its own class, which keeps only the status text.
  if (e.name === 'QdrantClientResourceExhaustedError') {
    return new VectorStoreError(`${prefix} with HTTP 429: rate limited, retry after ${e.retry_after} s`, true, 429, { cause: err });
  }
  if (e.name === 'QdrantClientTimeoutError' || e.name === 'AbortError' || e.name === 'TimeoutError') {
    return new VectorStoreError(`${prefix}: timed out (${e.message ?? e.name})`, true, undefined, { cause: err });
  }
  const code = e.cause?.code;
  if ((code && NETWORK_CODES.includes(code)) || (e.name === 'TypeError' && /fetch failed/i.test(e.message ?? ''))) {
    return new VectorStoreError(`${prefix}: could not reach Qdrant (${code ?? e.cause?.message ?? e.message})`, true, undefined, { cause: err });
  }
  return new VectorStoreError(`${prefix}: ${e.message ?? String(err)}`, false, undefined, { cause: err });
}

/** The HTTP status of a client error, if it carries one (used to tolerate the 409 of a creation race). */
export function statusOf(err: unknown): number | undefined {
  const status = (err as ClientFailure | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
