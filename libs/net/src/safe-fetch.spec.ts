import dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAllowedHosts } from './address-policy';
import { keepAliveAgents, safeFetch, SafeFetchError, type SafeFetchOptions } from './safe-fetch';

interface Hit {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface TestServer {
  port: number;
  hits: Hit[];
  close: () => Promise<void>;
}

const servers: TestServer[] = [];

async function startServer(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void, host = '127.0.0.1') {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const s: TestServer = {
    port: (server.address() as AddressInfo).port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(s);
  return s;
}

afterEach(async () => {
  jest.restoreAllMocks();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const echo = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ method: req.method, url: req.url, body, headers: req.headers }));
};

const base = (over: Partial<SafeFetchOptions> = {}): SafeFetchOptions => ({ timeoutMs: 2000, maxBytes: 100_000, allowedHosts: [], ...over });

async function expectCode(p: Promise<unknown>, code: string, message?: RegExp) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SafeFetchError);
  expect((err as SafeFetchError).code).toBe(code);
  if (message) expect((err as SafeFetchError).message).toMatch(message);
  return err as SafeFetchError;
}

describe('safeFetch', () => {
  it('refuses a loopback IP literal by default without connecting', async () => {
    const s = await startServer(echo);
    await expectCode(safeFetch(`http://127.0.0.1:${s.port}/`, base()), 'FORBIDDEN_ADDRESS', /127\.0\.0\.1.*loopback/);
    expect(s.hits).toHaveLength(0);
  });

  it('refuses IPv6 loopback and IPv4-mapped literals', async () => {
    await expectCode(safeFetch('http://[::1]:9/', base()), 'FORBIDDEN_ADDRESS', /loopback/);
    await expectCode(safeFetch('http://[::ffff:127.0.0.1]:9/', base()), 'FORBIDDEN_ADDRESS', /loopback/);
    await expectCode(safeFetch('http://169.254.169.254/latest/meta-data/', base()), 'FORBIDDEN_ADDRESS', /metadata/);
  });

  it('allows a loopback address listed in allowedHosts with its port', async () => {
    const s = await startServer(echo);
    const res = await safeFetch(`http://127.0.0.1:${s.port}/hello?x=1`, base({ allowedHosts: parseAllowedHosts(`127.0.0.1:${s.port}`) }));
    expect(res.status).toBe(200);
    expect(res.truncated).toBe(false);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.body)).toMatchObject({ method: 'GET', url: '/hello?x=1' });
    expect(res.url).toBe(`http://127.0.0.1:${s.port}/hello?x=1`);
    expect(res.redirects).toEqual([]);
  });

  it('refuses an allowed host on a different port', async () => {
    const s = await startServer(echo);
    await expectCode(safeFetch(`http://127.0.0.1:${s.port}/`, base({ allowedHosts: parseAllowedHosts(`127.0.0.1:${s.port + 1}`) })), 'FORBIDDEN_ADDRESS');
    expect(s.hits).toHaveLength(0);
  });

  it('refuses a DNS name that resolves to a loopback address (localhost)', async () => {
    const s = await startServer(echo);
    await expectCode(safeFetch(`http://localhost:${s.port}/`, base()), 'FORBIDDEN_ADDRESS', /host localhost resolves to .*(127\.0\.0\.1|::1)/);
    expect(s.hits).toHaveLength(0);
  });

  it('refuses when ANY resolved address is forbidden (rebinding-style mixed answer)', async () => {
    const s = await startServer(echo);
    jest.spyOn(dns, 'lookup').mockImplementation(((_h: string, _o: unknown, cb: (e: null, a: dns.LookupAddress[]) => void) =>
      cb(null, [
        { address: '93.184.216.34', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ])) as unknown as typeof dns.lookup);
    await expectCode(safeFetch(`http://rebind.test:${s.port}/`, base()), 'FORBIDDEN_ADDRESS', /rebind\.test resolves to 127\.0\.0\.1/);
    expect(s.hits).toHaveLength(0);
  });

  it('connects to the address the guarded lookup checked (allowed DNS name)', async () => {
    const s = await startServer(echo);
    const lookup = jest.spyOn(dns, 'lookup').mockImplementation(((_h: string, _o: unknown, cb: (e: null, a: dns.LookupAddress[]) => void) =>
      cb(null, [{ address: '127.0.0.1', family: 4 }])) as unknown as typeof dns.lookup);
    const res = await safeFetch(`http://intranet.test:${s.port}/x`, base({ allowedHosts: parseAllowedHosts('INTRANET.test') }));
    expect(res.status).toBe(200);
    expect(lookup).toHaveBeenCalled();
    expect(s.hits[0].headers.host).toBe(`intranet.test:${s.port}`);
  });

  it('refuses a redirect from an allowed host to a forbidden one, on every hop', async () => {
    const target = await startServer(echo);
    const targets = [`http://127.0.0.1:${target.port}/`, `http://[::1]:${target.port}/`, `http://localhost:${target.port}/`, `http://127.0.0.2:${target.port}/`];
    for (const location of targets) {
      const a = await startServer((_req, res) => res.writeHead(302, { location }).end());
      await expectCode(safeFetch(`http://127.0.0.1:${a.port}/`, base({ allowedHosts: parseAllowedHosts(`127.0.0.1:${a.port}`) })), 'FORBIDDEN_ADDRESS');
      expect(a.hits).toHaveLength(1);
    }
    expect(target.hits).toHaveLength(0);
  });

  it('follows allowed redirects (relative and absolute) and reports them', async () => {
    const b = await startServer(echo);
    const a = await startServer((req, res) =>
      req.url === '/start' ? res.writeHead(301, { location: '/next' }).end() : res.writeHead(307, { location: `http://127.0.0.1:${b.port}/final` }).end(),
    );
    const res = await safeFetch(`http://127.0.0.1:${a.port}/start`, base({ allowedHosts: parseAllowedHosts(`127.0.0.1:${a.port},127.0.0.1:${b.port}`) }));
    expect(res.status).toBe(200);
    expect(res.url).toBe(`http://127.0.0.1:${b.port}/final`);
    expect(res.redirects).toEqual([`http://127.0.0.1:${a.port}/next`, `http://127.0.0.1:${b.port}/final`]);
  });

  it('fails with TOO_MANY_REDIRECTS on a redirect loop', async () => {
    const a = await startServer((_req, res) => res.writeHead(302, { location: '/again' }).end());
    await expectCode(safeFetch(`http://127.0.0.1:${a.port}/`, base({ maxRedirects: 2, allowedHosts: parseAllowedHosts('127.0.0.1') })), 'TOO_MANY_REDIRECTS');
    expect(a.hits).toHaveLength(3);
  });

  it('sends POST body and headers', async () => {
    const s = await startServer(echo);
    const res = await safeFetch(`http://127.0.0.1:${s.port}/api`, {
      ...base({ allowedHosts: parseAllowedHosts('127.0.0.1') }),
      method: 'post',
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': 'k-123', Host: 'evil.example' },
      body: JSON.stringify({ héllo: 'wörld' }),
    });
    const seen = JSON.parse(res.body);
    expect(seen.method).toBe('POST');
    expect(JSON.parse(seen.body)).toEqual({ héllo: 'wörld' });
    expect(seen.headers['x-api-key']).toBe('k-123');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers.host).toBe(`127.0.0.1:${s.port}`);
    expect(Number(seen.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify({ héllo: 'wörld' })));
  });

  it.each([
    [303, 'PUT', 'GET'],
    [303, 'POST', 'GET'],
    [302, 'POST', 'GET'],
    [301, 'POST', 'GET'],
    [307, 'POST', 'POST'],
    [308, 'PUT', 'PUT'],
  ])('%i after %s continues as %s', async (status, method, expected) => {
    const s = await startServer((req, res, body) => (req.url === '/go' ? res.writeHead(status, { location: '/done' }).end() : echo(req, res, body)));
    const res = await safeFetch(`http://127.0.0.1:${s.port}/go`, {
      ...base({ allowedHosts: parseAllowedHosts('127.0.0.1') }),
      method,
      headers: { 'content-type': 'text/plain' },
      body: 'payload',
    });
    const seen = JSON.parse(res.body);
    expect(seen.method).toBe(expected);
    expect(seen.body).toBe(expected === 'GET' ? '' : 'payload');
    expect(seen.headers['content-type']).toBe(expected === 'GET' ? undefined : 'text/plain');
  });

  it('drops Authorization and Cookie on a cross-origin redirect but keeps them same-origin', async () => {
    const b = await startServer(echo);
    const a = await startServer((req, res, body) =>
      req.url === '/same' ? res.writeHead(302, { location: '/echo' }).end() : req.url === '/other' ? res.writeHead(302, { location: `http://127.0.0.1:${b.port}/` }).end() : echo(req, res, body),
    );
    const opts = { ...base({ allowedHosts: parseAllowedHosts('127.0.0.1') }), headers: { Authorization: 'Bearer s3cret', Cookie: 'c=1', 'X-Other': 'y' } };
    const same = JSON.parse((await safeFetch(`http://127.0.0.1:${a.port}/same`, opts)).body);
    expect(same.headers.authorization).toBe('Bearer s3cret');
    const other = JSON.parse((await safeFetch(`http://127.0.0.1:${a.port}/other`, opts)).body);
    expect(other.headers.authorization).toBeUndefined();
    expect(other.headers.cookie).toBeUndefined();
    expect(other.headers['x-other']).toBe('y');
  });

  it('truncates the body at maxBytes and stops reading', async () => {
    const s = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('a'.repeat(50));
      res.write('b'.repeat(10_000));
      // never ends: only truncation can resolve the promise
    });
    const res = await safeFetch(`http://127.0.0.1:${s.port}/`, base({ maxBytes: 100, allowedHosts: parseAllowedHosts('127.0.0.1') }));
    expect(res.truncated).toBe(true);
    expect(res.body).toBe('a'.repeat(50) + 'b'.repeat(50));
  });

  it('does not mark a body of exactly maxBytes as truncated', async () => {
    const s = await startServer((_req, res) => res.end('x'.repeat(100)));
    const res = await safeFetch(`http://127.0.0.1:${s.port}/`, base({ maxBytes: 100, allowedHosts: parseAllowedHosts('127.0.0.1') }));
    expect(res).toMatchObject({ truncated: false, body: 'x'.repeat(100) });
  });

  it('fails with TIMEOUT when the server does not answer in time', async () => {
    const s = await startServer(() => undefined);
    const started = Date.now();
    await expectCode(safeFetch(`http://127.0.0.1:${s.port}/`, base({ timeoutMs: 150, allowedHosts: parseAllowedHosts('127.0.0.1') })), 'TIMEOUT', /127\.0\.0\.1.*150ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fails with NETWORK when aborted by the caller', async () => {
    const s = await startServer(() => undefined);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 50);
    await expectCode(safeFetch(`http://127.0.0.1:${s.port}/`, { ...base({ allowedHosts: parseAllowedHosts('127.0.0.1') }), signal: ctl.signal }), 'NETWORK', /aborted/);
  });

  it('fails with NETWORK when the connection is refused', async () => {
    const s = await startServer(echo);
    await s.close();
    await expectCode(safeFetch(`http://127.0.0.1:${s.port}/`, base({ allowedHosts: parseAllowedHosts('127.0.0.1') })), 'NETWORK', /ECONNREFUSED/);
  });

  it.each(['ftp://127.0.0.1/', 'file:///etc/passwd', 'http://user:pass@example.com/', 'not a url', 'javascript:alert(1)'])('rejects %s with BAD_URL', async (url) => {
    const err = await expectCode(safeFetch(url, base()), 'BAD_URL');
    expect(err.message).not.toContain('pass');
  });

  it('never puts header values in error messages', async () => {
    const err = await expectCode(safeFetch('http://127.0.0.1:9/', { ...base(), headers: { authorization: 'Bearer top-secret' } }), 'FORBIDDEN_ADDRESS');
    expect(err.message).not.toContain('top-secret');
    const bad = await expectCode(
      safeFetch('http://127.0.0.1:9/', { ...base({ allowedHosts: parseAllowedHosts('127.0.0.1') }), headers: { 'x-key': 'top-secret\r\nInjected: 1' } }),
      'BAD_URL',
    );
    expect(bad.message).not.toContain('top-secret');
  });

  it('reuses one connection for consecutive requests through keep-alive agents, and a fresh one per request without', async () => {
    const ports: number[] = [];
    const s = await startServer((req, res) => {
      ports.push(req.socket.remotePort!);
      res.end('ok');
    });
    const allowedHosts = parseAllowedHosts(`127.0.0.1:${s.port}`);
    const agents = keepAliveAgents();
    try {
      for (let i = 0; i < 3; i++) expect((await safeFetch(`http://127.0.0.1:${s.port}/k`, base({ allowedHosts, agents, method: 'POST', body: '{}' }))).body).toBe('ok');
      expect(new Set(ports).size).toBe(1);
      ports.length = 0;
      for (let i = 0; i < 2; i++) await safeFetch(`http://127.0.0.1:${s.port}/k`, base({ allowedHosts }));
      expect(new Set(ports).size).toBe(2);
    } finally {
      agents.http.destroy();
    }
  });

  it('still refuses a forbidden address through keep-alive agents', async () => {
    const s = await startServer((_req, res) => res.end('ok'));
    const agents = keepAliveAgents();
    try {
      await expectCode(safeFetch(`http://127.0.0.1:${s.port}/`, base({ agents })), 'FORBIDDEN_ADDRESS');
      expect(s.hits).toHaveLength(0);
    } finally {
      agents.http.destroy();
    }
  });
});
