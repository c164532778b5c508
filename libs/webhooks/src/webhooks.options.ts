export const WEBHOOKS_OPTIONS = Symbol('WEBHOOKS_OPTIONS');
export const WEBHOOK_QUEUE = 'webhook-delivery';

import type { AllowedHost } from '@confab/net';

export interface WebhooksOptions {
  /** Internal hosts deliveries may reach (OUTBOUND_ALLOWED_HOSTS); everything internal is refused otherwise. */
  allowedHosts: AllowedHost[];
  /** Attempts per delivery; with the exponential backoff the default spans more than a day. */
  attempts: number;
  backoffMs: number;
  timeoutMs: number;
  worker: boolean;
}

/** 13 attempts from 30 s doubling: the last one comes about 34 hours after the first. */
export const DEFAULT_WEBHOOK_RETRY = { attempts: 13, backoffMs: 30_000, timeoutMs: 10_000 } as const;
