import type { ModelErrorKind } from '@confab/plugin-sdk';
import { LlmError } from './llm.port';

/**
 * Groups a failed model call for the metrics. The request's own signal is asked first: when the server cut the
 * call off (the reply attempt's time ran out, or the worker lost the conversation), the SDK only reports an abort.
 */
export function modelErrorKind(err: unknown, signal?: AbortSignal): ModelErrorKind {
  if (signal?.aborted) return (signal.reason as Error | undefined)?.name === 'TimeoutError' ? 'timeout' : 'aborted';
  if (!(err instanceof LlmError)) return 'other';
  const { status, code } = err;
  if (code === 'timeout' || status === 408) return 'timeout';
  if (code === 'insufficient_quota') return 'quota';
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth';
  if (status !== undefined && status >= 500) return 'server_error';
  if (status !== undefined && status >= 400) return 'bad_request';
  return status === undefined ? 'connection' : 'other';
}
