import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks signature: base64 HMAC-SHA256 over "<id>.<timestamp>.<body>", sent as "v1,<signature>".
 * A secret in the standard's own form ("whsec_" + base64) is used as the key bytes it encodes, so the official
 * verifier libraries accept it; any other secret is used as UTF-8 text.
 */
export function signCallback(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8');
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}
