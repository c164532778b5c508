import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { ApiError, toApiError } from './errors';

/**
 * The only way the dashboard talks to the API: typed by the generated schema, with the session cookie, and the
 * CSRF token the server handed out at sign-in on every write (the server refuses writes without it).
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function getCsrfToken(): string {
  return csrfToken ?? '';
}

/** Listeners told when any request answers 401 (the session expired or was signed out elsewhere). */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const session: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/v1/auth/')) unauthorizedListeners.forEach((l) => l());
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(session);

type Result<T> = { data?: T; error?: unknown; response: Response };

/**
 * Unwraps an openapi-fetch result: the data, or an ApiError whose message starts with what was being done.
 * `what` is already translated ("Loading chats").
 */
export async function unwrap<T>(what: string, call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (err) {
    throw new ApiError(0, `${what}: the server could not be reached (${err instanceof Error ? err.message : String(err)})`);
  }
  if (result.response.ok) return result.data as T;
  const error = toApiError(result.response.status, result.error, result.response.headers.get('retry-after'));
  throw new ApiError(error.status, `${what}: ${error.message}`, error.code, error.fields, error.retryAfterSeconds, result.error ?? null);
}
