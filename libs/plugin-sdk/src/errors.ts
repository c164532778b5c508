/**
 * A failure the caller can act on. Commands and plugins throw these (never Nest HttpExceptions,
 * because they also run in workers). The server's exception filter maps each subclass below to its HTTP status
 * by class; a plain DomainError maps by `code` (a few core codes), else 409.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that breaks a rule; `field` names what to fix. Maps to 400. */
export class ValidationFailed extends DomainError {
  constructor(message: string, field?: string, details: Record<string, unknown> = {}) {
    super('VALIDATION_FAILED', message, field ? { field, ...details } : details);
  }
}

/**
 * The thing does not exist in the caller's tenant (another tenant's rows look the same). Maps to 404. `message`
 * replaces the default text where "in this tenant" does not fit (a public asset, a webhook URL).
 */
export class NotFound extends DomainError {
  constructor(kind: string, id: string, message?: string) {
    super('NOT_FOUND', message ?? `No ${kind} ${id} in this tenant`, { kind, id });
  }
}

/** The request is valid but the current state refuses it (closed service window, handed over...). Maps to 409. */
export class Conflict extends DomainError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}

/**
 * The caller did not prove who it is (no credentials, a wrong webhook signature, an expired session). Maps to 401.
 * `challenge`, when given, is sent as `WWW-Authenticate` (e.g. `Bearer realm="confab"`); leave it out when no
 * standard scheme applies (a provider's HMAC signature), since a challenge the client cannot answer only misleads.
 */
export class Unauthenticated extends DomainError {
  constructor(
    message: string,
    readonly challenge?: string,
    details: Record<string, unknown> = {},
  ) {
    super('UNAUTHENTICATED', message, details);
  }
}

/** The caller is known but may not do this (a missing scope, a wrong verify token, a foreign origin). Maps to 403. */
export class Forbidden extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('FORBIDDEN', message, details);
  }
}

/**
 * Too many requests: a rate limit is spent. Maps to 429 with `Retry-After` (whole seconds, at least 1); `limit`,
 * when given, is the number of requests the spent window allows and is sent as `RateLimit-Limit`.
 */
export class TooManyRequests extends DomainError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
    details: { limit?: number; policy?: string } & Record<string, unknown> = {},
  ) {
    super('RATE_LIMITED', message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)), ...details });
  }
}

/** Runs a check whose ValidationFailed names a field relative to `prefix` (a plugin's config), and names it in full. */
export async function withFieldPrefix(prefix: string, check: () => Promise<void> | void): Promise<void> {
  try {
    await check();
  } catch (err) {
    if (!(err instanceof ValidationFailed)) throw err;
    const field = typeof err.details.field === 'string' ? `${prefix}.${err.details.field}` : prefix;
    const message = typeof err.details.field === 'string' && err.message.startsWith(err.details.field) ? `${prefix}.${err.message}` : err.message;
    throw new ValidationFailed(message, field, { ...err.details, field });
  }
}
