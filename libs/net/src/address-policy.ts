import { isIP } from 'node:net';

/** A host (and optionally a port) exempted from the address policy by HTTP_TOOLS_ALLOWED_HOSTS. */
export interface AllowedHost {
  /** Lower-cased hostname or IP literal, IPv6 without brackets. */
  host: string;
  /** When undefined, any port on the host is allowed. */
  port?: number;
}

type V4Range = [base: number, bits: number, reason: string];

const V4_RANGES: V4Range[] = [
  [v4('0.0.0.0'), 8, 'unspecified address (0.0.0.0/8)'],
  [v4('10.0.0.0'), 8, 'private address (10.0.0.0/8)'],
  [v4('100.64.0.0'), 10, 'carrier-grade NAT address (100.64.0.0/10)'],
  [v4('127.0.0.0'), 8, 'loopback address (127.0.0.0/8)'],
  [v4('169.254.0.0'), 16, 'link-local / cloud metadata address (169.254.0.0/16)'],
  [v4('172.16.0.0'), 12, 'private address (172.16.0.0/12)'],
  [v4('192.0.0.0'), 24, 'IETF protocol assignment (192.0.0.0/24)'],
  [v4('192.168.0.0'), 16, 'private address (192.168.0.0/16)'],
  [v4('198.18.0.0'), 15, 'benchmarking address (198.18.0.0/15)'],
  [v4('224.0.0.0'), 4, 'multicast address (224.0.0.0/4)'],
  [v4('240.0.0.0'), 4, 'reserved / broadcast address (240.0.0.0/4)'],
];

function v4(ip: string): number {
  const p = ip.split('.').map(Number);
  return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}

function checkV4(n: number): string | null {
  for (const [base, bits, reason] of V4_RANGES) {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    if (((n & mask) >>> 0) === base) return reason;
  }
  return null;
}

/** Expands an IPv6 literal (no brackets, no zone) into 8 16-bit groups. */
function v6Groups(ip: string): number[] {
  let s = ip;
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const n = v4(last);
    s = `${s.slice(0, lastColon + 1)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const parse = (part: string) => (part ? part.split(':').map((x) => parseInt(x, 16)) : []);
  if (!s.includes('::')) return parse(s);
  const [head, rest] = s.split('::');
  const h = parse(head);
  const r = parse(rest);
  return [...h, ...new Array<number>(8 - h.length - r.length).fill(0), ...r];
}

/**
 * Returns a human-readable reason when the address must not be contacted by tenant-defined HTTP tools
 * (loopback, private, link-local/metadata, unspecified, CGNAT, multicast/reserved, and IPv6 forms
 * embedding such IPv4 addresses), or null when it is a public address. Non-IP input is refused.
 */
export function isForbiddenAddress(ip: string): string | null {
  let addr = ip.trim();
  if (addr.startsWith('[') && addr.endsWith(']')) addr = addr.slice(1, -1);
  const zone = addr.indexOf('%');
  if (zone >= 0) addr = addr.slice(0, zone);
  const family = isIP(addr);
  if (family === 4) return checkV4(v4(addr));
  if (family !== 6) return 'not an IP address';

  const g = v6Groups(addr.toLowerCase());
  const embedded = (hi: number, lo: number) => ((g[hi] << 16) | g[lo]) >>> 0;
  const first5Zero = g.slice(0, 5).every((x) => x === 0);
  if (g.every((x) => x === 0)) return 'unspecified address (::)';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback address (::1)';
  // IPv4-mapped ::ffff:a.b.c.d and IPv4-compatible ::a.b.c.d (deprecated): judge the embedded IPv4.
  if (first5Zero && (g[5] === 0xffff || g[5] === 0)) {
    const r = checkV4(embedded(6, 7));
    return r ? `IPv4-embedded ${r}` : null;
  }
  // IPv4-translated ::ffff:0:a.b.c.d
  if (g.slice(0, 4).every((x) => x === 0) && g[4] === 0xffff && g[5] === 0) {
    const r = checkV4(embedded(6, 7));
    return r ? `IPv4-embedded ${r}` : null;
  }
  // NAT64 well-known prefix 64:ff9b::/96 and local-use 64:ff9b:1::/48.
  if (g[0] === 0x64 && g[1] === 0xff9b) {
    if (g[2] === 1) return 'local-use NAT64 address (64:ff9b:1::/48)';
    const r = checkV4(embedded(6, 7));
    return r ? `NAT64-embedded ${r}` : null;
  }
  // 6to4 2002:AABB:CCDD::/48 embeds an IPv4 address in groups 1-2.
  if (g[0] === 0x2002) {
    const r = checkV4(embedded(1, 2));
    return r ? `6to4-embedded ${r}` : null;
  }
  if ((g[0] & 0xfe00) === 0xfc00) return 'unique-local private address (fc00::/7)';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local address (fe80::/10)';
  if ((g[0] & 0xffc0) === 0xfec0) return 'site-local address (fec0::/10)';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast address (ff00::/8)';
  if (g[0] === 0x100 && g[1] === 0 && g[2] === 0 && g[3] === 0) return 'discard-only address (100::/64)';
  if (g[0] === 0x2001 && g[1] === 0xdb8) return 'documentation address (2001:db8::/32)';
  return null;
}

const HOST_NAME = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** A malformed entry in an allowed-hosts setting; the message names the entry and what is wrong with it. */
class AllowedHostError extends Error {
  constructor(entry: string, problem: string) {
    super(`entry "${entry}" ${problem} (expected host, host:port, [ipv6] or [ipv6]:port, comma-separated)`);
  }
}

/**
 * Parses HTTP_TOOLS_ALLOWED_HOSTS / OUTBOUND_ALLOWED_HOSTS: comma-separated `host`, `host:port`, `[v6]`, `[v6]:port`
 * or a bare IPv6 literal (no port). Blank entries are ignored; a malformed one throws, naming it, because silently
 * dropping it would refuse the very host the operator meant to allow.
 */
export function parseAllowedHosts(setting: string | undefined): AllowedHost[] {
  if (!setting) return [];
  const out: AllowedHost[] = [];
  for (const raw of setting.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    const bad = (problem: string) => new AllowedHostError(raw.trim(), problem);
    if (entry.includes('/')) throw bad('is a URL or path; give the host name only');
    let host: string;
    let portText: string | undefined;
    if (entry.startsWith('[')) {
      const close = entry.indexOf(']');
      if (close < 0) throw bad('has no closing "]"');
      host = entry.slice(1, close);
      const rest = entry.slice(close + 1);
      if (rest.startsWith(':')) portText = rest.slice(1);
      else if (rest) throw bad('has text after "]" that is not a :port');
      if (isIP(host) !== 6) throw bad('holds no IPv6 address between the brackets');
    } else if (isIP(entry) === 6) {
      host = entry; // bare IPv6 without brackets: no port possible
    } else {
      const colon = entry.lastIndexOf(':');
      host = colon >= 0 ? entry.slice(0, colon) : entry;
      portText = colon >= 0 ? entry.slice(colon + 1) : undefined;
      host = host.replace(/\.$/, '');
      if (!host) throw bad('has no host');
      if (/^[\d.]+$/.test(host) ? isIP(host) !== 4 : !HOST_NAME.test(host)) throw bad('is not a valid host name or IP address');
    }
    if (portText !== undefined) {
      const port = Number(portText);
      if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw bad('has a port that is not a number from 1 to 65535');
      out.push({ host, port });
    } else {
      out.push({ host });
    }
  }
  return out;
}

/** True when `hostname` (brackets allowed, case-insensitive) on `port` is listed. */
export function isAllowedHost(list: readonly AllowedHost[], hostname: string, port: number): boolean {
  let h = hostname.toLowerCase().replace(/\.$/, '');
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return list.some((a) => a.host === h && (a.port === undefined || a.port === port));
}
