import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of the user id with the connection's identity secret, as hex (what the host's backend computes). */
export function identityHash(userId: string, secret: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex');
}

/** Compared in constant time; upper-case hex is accepted, anything else that is not 64 hex digits is not. */
export function identityHashMatches(userId: string, hash: string, secret: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(hash)) return false;
  return timingSafeEqual(Buffer.from(identityHash(userId, secret), 'hex'), Buffer.from(hash, 'hex'));
}
