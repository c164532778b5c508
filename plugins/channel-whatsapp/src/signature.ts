import { createHmac, timingSafeEqual } from 'node:crypto';

/** X-Hub-Signature-256 is HMAC-SHA256 of the exact bytes received; re-serialised JSON would not match. */
export function verifyMetaSignature(rawBody: Buffer | undefined, header: string | undefined, appSecret: string): boolean {
  if (!rawBody || !header || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(createHmac('sha256', appSecret).update(rawBody).digest('hex'), 'utf8');
  const given = Buffer.from(header.slice('sha256='.length).toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * The handshake's hub.verify_token against the configured one, in constant time so response timing does not leak
 * how much of a guess was right. A different length is refused before comparing (timingSafeEqual needs equal sizes).
 */
export function verifyTokenMatches(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string' || !given || !expected) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
