import { createHmac } from 'node:crypto';

/** Standard Webhooks signature: base64 HMAC-SHA256 over "<id>.<timestamp>.<body>", sent as "v1,<signature>". */
export function signCallback(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}
