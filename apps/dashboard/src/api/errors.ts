/**
 * A failed request, told in words: what was being done ("Loading chats"), what the server said, and the HTTP
 * status, so an operator can act on it and a support person can find it.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null = null,
    readonly fields: string[] = [],
    readonly retryAfterSeconds: number | null = null,
    /** The server's error body as sent, for forms that show each field's problem beside it (schema-form). */
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  code?: unknown;
  message?: unknown;
  details?: { fields?: Array<{ field?: unknown }>; field?: unknown; retryAfterSeconds?: unknown } | null;
  retryAfterSeconds?: unknown;
}

/** The server's error body `{code, message, details}` (message may be a list of "field: problem") to one ApiError. */
export function toApiError(status: number, body: unknown, retryAfterHeader: string | null = null): ApiError {
  const b = (body && typeof body === 'object' ? body : {}) as ErrorBody;
  const raw = b.message;
  const message = Array.isArray(raw) ? raw.map(String).join('; ') : typeof raw === 'string' && raw ? raw : statusText(status);
  const fields = (b.details?.fields ?? []).map((f) => String(f.field ?? '')).filter(Boolean);
  // A domain error (ValidationFailed, Conflict) names its one field as details.field.
  if (typeof b.details?.field === 'string' && !fields.includes(b.details.field)) fields.push(b.details.field);
  const retry = Number(retryAfterHeader ?? b.retryAfterSeconds ?? b.details?.retryAfterSeconds ?? NaN);
  return new ApiError(status, message, typeof b.code === 'string' ? b.code : null, fields, Number.isFinite(retry) ? retry : null, body);
}

function statusText(status: number): string {
  if (status === 0) return 'The server could not be reached';
  if (status === 401) return 'Not signed in';
  if (status === 403) return 'Not allowed';
  if (status === 404) return 'Not found';
  if (status === 429) return 'Too many requests';
  if (status >= 500) return 'The server had a problem';
  return `Request failed (HTTP ${status})`;
}
