/** Failures counted per source address (and target), so guessing a secret gets slower instead of cheaper. */
export type SourceFailurePolicy = 'webhook_signature';

/**
 * One limit a plugin counts against: at most `perMinute` requests per minute for `key`. `policy` names the limit in
 * metrics and keeps its counters apart (`widget_session_ip`); `what` finishes the refusal ("... allows 10 per 60 s").
 * 0 turns the limit off.
 */
export interface PluginLimit {
  policy: string;
  key: string;
  perMinute: number;
  what: string;
}

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
  /**
   * Counts one request against every limit given (all are counted, in Redis, shared by every API process) and
   * throws TooManyRequests (429 with Retry-After) for the spent one that frees up last. For public routes whose
   * limits a plugin chooses per connection (the web widget's sessions and messages).
   */
  abstract admit(limits: PluginLimit[]): Promise<void>;
  /** Throws TooManyRequests while `source` (an address, optionally with what it targets) has failed too often. */
  abstract assertSourceAllowed(policy: SourceFailurePolicy, source: string): Promise<void>;
  /** Counts one failure (a wrong signature, a wrong verify token) from `source`. */
  abstract recordSourceFailure(policy: SourceFailurePolicy, source: string): Promise<void>;
}
