/** Failures counted per source address (and target), so guessing a secret gets slower instead of cheaper. */
export type SourceFailurePolicy = 'webhook_signature';

/**
 * The core's rate limits, shared by every API process through Redis. Plugins inject this abstract class; the
 * server binds it. Limits are per tenant (settable by the platform admin) with installation defaults.
 */
export abstract class RateLimits {
  /**
   * Counts one customer message arriving on a connection, against the connection's and the customer's limits.
   * Throws TooManyRequests (429 with Retry-After) when either is spent; call it before the message is accepted.
   * `customerKey` identifies the end user within the connection (an external id, a visitor, a test chat).
   */
  abstract admitInbound(connection: { id: string; tenantId: string }, customerKey: string): Promise<void>;
  /** Throws TooManyRequests while `source` (an address, optionally with what it targets) has failed too often. */
  abstract assertSourceAllowed(policy: SourceFailurePolicy, source: string): Promise<void>;
  /** Counts one failure (a wrong signature, a wrong verify token) from `source`. */
  abstract recordSourceFailure(policy: SourceFailurePolicy, source: string): Promise<void>;
  /**
   * Counts one sign-in attempt (password or invitation) from `address` (the client address, `req.ip`). Throws
   * TooManyRequests when the address has tried too often in the current minute, right or wrong.
   */
  abstract admitSignIn(address: string): Promise<void>;
}
