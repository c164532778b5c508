import type { AllowedHost } from './address-policy';

export type SafeFetchErrorCode = 'FORBIDDEN_ADDRESS' | 'BAD_URL' | 'TOO_MANY_REDIRECTS' | 'TIMEOUT' | 'NETWORK';

/** Messages name the URL host / address only: never headers or bodies, which may hold tenant secrets. */
export class SafeFetchError extends Error {
  constructor(
    readonly code: SafeFetchErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SafeFetchError';
  }
}

export interface SafeFetchOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes: number;
  /** Defaults to 3. */
  maxRedirects?: number;
  allowedHosts: readonly AllowedHost[];
  signal?: AbortSignal;
  /**
   * Keep-alive connection pools to reuse (keepAliveAgents()); without them every request opens its own connection.
   * A pooled connection was checked against the address policy when it was opened, and is reused for the same
   * host and port only: share one pool only among callers with the same allowedHosts.
   */
  agents?: KeepAliveAgents;
}

export interface KeepAliveAgents {
  http: import('node:http').Agent;
  https: import('node:https').Agent;
}

export interface SafeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body as received, for binary content (PDF). */
  bytes: Buffer;
  truncated: boolean;
  /** Final URL after redirects. */
  url: string;
  /** Every Location followed, in order. */
  redirects: string[];
}
