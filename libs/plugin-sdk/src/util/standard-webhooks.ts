import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks (standardwebhooks.com): base64 HMAC-SHA256 over "<id>.<timestamp>.<body>", sent as "v1,<sig>".
 * A "whsec_" secret is base64 key bytes (what the official verifier libraries expect); any other string is UTF-8.
 */
export function signStandardWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

export function newStandardWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function standardWebhookHeaders(secret: string | undefined, id: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    ...(secret ? { 'webhook-signature': signStandardWebhook(secret, id, timestamp, body) } : {}),
  };
}
