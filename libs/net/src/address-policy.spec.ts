import { isAllowedHost, isForbiddenAddress, parseAllowedHosts } from './address-policy';

describe('isForbiddenAddress', () => {
  const forbidden: Array<[string, RegExp]> = [
    ['127.0.0.1', /loopback/],
    ['127.255.255.254', /loopback/],
    ['::1', /loopback/],
    ['[::1]', /loopback/],
    ['0:0:0:0:0:0:0:1', /loopback/],
    ['10.0.0.1', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.1', /private/],
    ['fc00::1', /unique-local/],
    ['fd12:3456::1', /unique-local/],
    ['169.254.169.254', /metadata/],
    ['169.254.0.1', /link-local/],
    ['fe80::1', /link-local/],
    ['fe80::1%eth0', /link-local/],
    ['febf::1', /link-local/],
    ['0.0.0.0', /unspecified/],
    ['0.1.2.3', /unspecified/],
    ['::', /unspecified/],
    ['100.64.0.1', /carrier-grade/],
    ['100.127.255.255', /carrier-grade/],
    ['224.0.0.1', /multicast/],
    ['239.255.255.250', /multicast/],
    ['240.0.0.1', /reserved/],
    ['255.255.255.255', /reserved/],
    ['ff02::1', /multicast/],
    ['::ffff:10.0.0.1', /IPv4-embedded private/],
    ['::ffff:127.0.0.1', /IPv4-embedded loopback/],
    ['::FFFF:169.254.169.254', /IPv4-embedded link-local/],
    ['::ffff:7f00:1', /IPv4-embedded loopback/],
    ['::ffff:a9fe:a9fe', /IPv4-embedded link-local/],
    ['::127.0.0.1', /IPv4-embedded loopback/],
    ['::ffff:0:10.1.2.3', /IPv4-embedded private/],
    ['64:ff9b::127.0.0.1', /NAT64-embedded loopback/],
    ['64:ff9b::a9fe:a9fe', /NAT64-embedded link-local/],
    ['64:ff9b:1::1', /NAT64/],
    ['2002:7f00:1::', /6to4-embedded loopback/],
    ['2002:c0a8:0101::1', /6to4-embedded private/],
    ['not-an-ip', /not an IP/],
    ['', /not an IP/],
  ];
  it.each(forbidden)('%s is forbidden', (ip, reason) => {
    expect(isForbiddenAddress(ip)).toMatch(reason);
  });

  const allowed = [
    '93.184.216.34',
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '169.253.255.255',
    '11.0.0.1',
    '223.255.255.255',
    '2606:2800:220:1:248:1893:25c8:1946',
    '2001:4860:4860::8888',
    '::ffff:93.184.216.34',
    '::ffff:5db8:d822',
    '64:ff9b::8.8.8.8',
    '2002:0808:0808::1',
  ];
  it.each(allowed)('%s is public', (ip) => {
    expect(isForbiddenAddress(ip)).toBeNull();
  });
});

describe('parseAllowedHosts / isAllowedHost', () => {
  it('returns an empty list for an empty or missing setting', () => {
    expect(parseAllowedHosts(undefined)).toEqual([]);
    expect(parseAllowedHosts('')).toEqual([]);
    expect(parseAllowedHosts(' , ,')).toEqual([]);
  });

  it('parses hosts, host:port, bracketed IPv6 with and without port, case-insensitively', () => {
    expect(parseAllowedHosts(' Intranet.Example , 10.0.0.5:8080,[::1]:3000,[FD00::1], ::1 ,localhost.')).toEqual([
      { host: 'intranet.example' },
      { host: '10.0.0.5', port: 8080 },
      { host: '::1', port: 3000 },
      { host: 'fd00::1' },
      { host: '::1' },
      { host: 'localhost' },
    ]);
  });

  it('refuses a malformed entry, naming it, instead of silently dropping it', () => {
    const refusals: Array<[string, RegExp]> = [
      ['a:0', /entry "a:0" has a port that is not a number from 1 to 65535/],
      ['b:70000', /entry "b:70000" has a port/],
      ['c:x', /entry "c:x" has a port/],
      ['[::1', /entry "\[::1" has no closing "\]"/],
      ['[::1]x', /entry "\[::1\]x" has text after "\]"/],
      ['[intranet]:80', /entry "\[intranet\]:80" holds no IPv6 address/],
      [':80', /entry ":80" has no host/],
      ['https://Intranet.example', /entry "https:\/\/Intranet.example" is a URL or path/],
      ['intranet.example/api', /is a URL or path/],
      ['intra net', /entry "intra net" is not a valid host name or IP address/],
      ['10.0.0.300', /entry "10.0.0.300" is not a valid host name or IP address/],
      ['bad..dots', /is not a valid host name/],
    ];
    for (const [entry, message] of refusals) {
      expect(() => parseAllowedHosts(`ok:1,${entry},also-ok`)).toThrow(message);
    }
    expect(parseAllowedHosts('ok:1,,host_with_underscore, 10.0.0.5 ,')).toEqual([{ host: 'ok', port: 1 }, { host: 'host_with_underscore' }, { host: '10.0.0.5' }]);
  });

  it('matches host and optional port', () => {
    const list = parseAllowedHosts('intranet.example,127.0.0.1:8080,[::1]:3000');
    expect(isAllowedHost(list, 'INTRANET.example', 443)).toBe(true);
    expect(isAllowedHost(list, 'intranet.example.', 80)).toBe(true);
    expect(isAllowedHost(list, '127.0.0.1', 8080)).toBe(true);
    expect(isAllowedHost(list, '127.0.0.1', 8081)).toBe(false);
    expect(isAllowedHost(list, '[::1]', 3000)).toBe(true);
    expect(isAllowedHost(list, '::1', 3000)).toBe(true);
    expect(isAllowedHost(list, '::1', 80)).toBe(false);
    expect(isAllowedHost(list, 'evil.intranet.example', 443)).toBe(false);
    expect(isAllowedHost([], 'intranet.example', 443)).toBe(false);
  });
});
