import { isIPv6 } from 'node:net';
import type { Request } from 'express';

/** Expands an IPv6 address to its eight groups (no embedded IPv4: callers unwrap mapped addresses first). */
function ipv6Groups(address: string): string[] {
  const [head, tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const middle = tail === undefined ? [] : new Array(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}

/**
 * Who is asking, for per-address limits: the client address Express derives (TRUST_PROXY decides whether
 * X-Forwarded-For counts). IPv6 clients are grouped by their /64, because one subscriber gets a whole /64.
 */
export function sourceAddress(req: Request): string {
  let address = (req.ip ?? req.socket.remoteAddress ?? 'unknown').replace(/%.*$/, '');
  if (address.startsWith('::ffff:') && address.includes('.')) address = address.slice(7);
  if (!isIPv6(address) || address.includes('.')) return address;
  return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}

/** Loopback callers (the machine itself: a Prometheus agent, an operator's curl). */
export function isLoopback(req: Request): boolean {
  const address = (req.ip ?? req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  return address === '::1' || address.startsWith('127.');
}
