/**
 * Request limits one tenant may differ in from the installation's RATE_LIMIT_* defaults. Each is a count per window;
 * 0 turns that limit off. Unset fields keep the default.
 */
export interface TenantRateLimits {
  /** Requests per minute of one API key. */
  apiKeyPerMinute?: number;
  /** Requests per 10 seconds of one API key (the burst). */
  apiKeyBurstPer10s?: number;
  /** Requests per minute of all the tenant's keys together. */
  tenantPerMinute?: number;
  /** Requests per 10 seconds of all the tenant's keys together. */
  tenantBurstPer10s?: number;
  /** Customer messages per minute from one end user of a channel (test chat, API-channel customer, widget visitor). */
  customerPerMinute?: number;
  /** Customer messages per minute on one channel connection, all its customers together. */
  connectionPerMinute?: number;
}

export const TENANT_RATE_LIMIT_FIELDS = ['apiKeyPerMinute', 'apiKeyBurstPer10s', 'tenantPerMinute', 'tenantBurstPer10s', 'customerPerMinute', 'connectionPerMinute'] as const;
