import type { Request } from 'express';
import { isLoopback, sourceAddress } from './client-address';

const req = (ip: string) => ({ ip, socket: {} }) as unknown as Request;

describe('source address of a request', () => {
  it('keeps IPv4 addresses, unwrapping IPv4-mapped IPv6', () => {
    expect(sourceAddress(req('203.0.113.7'))).toBe('203.0.113.7');
    expect(sourceAddress(req('::ffff:203.0.113.7'))).toBe('203.0.113.7');
  });

  it('groups IPv6 addresses by their /64, however they are written', () => {
    expect(sourceAddress(req('2001:db8:1:2::1'))).toBe('2001:db8:1:2::/64');
    expect(sourceAddress(req('2001:0DB8:0001:0002:ffff:0:0:9'))).toBe('2001:db8:1:2::/64');
    expect(sourceAddress(req('fe80::1%eth0'))).toBe('fe80:0:0:0::/64');
    expect(sourceAddress(req('::1'))).toBe('0:0:0:0::/64');
    expect(sourceAddress(req('2001:db8::'))).toBe('2001:db8:0:0::/64');
    expect(sourceAddress(req('2001:db8:1:3::1'))).not.toBe(sourceAddress(req('2001:db8:1:2::1')));
  });

  it('tells loopback callers apart', () => {
    expect(isLoopback(req('127.0.0.1'))).toBe(true);
    expect(isLoopback(req('::1'))).toBe(true);
    expect(isLoopback(req('::ffff:127.0.0.1'))).toBe(true);
    expect(isLoopback(req('10.0.0.1'))).toBe(false);
    expect(isLoopback(req('::ffff:10.0.0.1'))).toBe(false);
  });
});
