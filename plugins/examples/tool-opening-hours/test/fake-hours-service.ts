import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeHoursService {
  url: string;
  /** "GET /stores/<id>/hours?day=<day>" of every request, in order. */
  hits: string[];
  /** The next requests answer these statuses (with a Retry-After of `retryAfter` seconds on a 429) instead of hours. */
  failNext(...responses: Array<{ status: number; retryAfter?: string }>): void;
  /** The next request is answered only after this long (a slow service). */
  delayNext(ms: number): void;
  close(): Promise<void>;
}

/** A store hours service on loopback: store `berlin-mitte` opens 09:00–18:00 on weekdays, 10:00–14:00 on Saturday, not on Sunday. */
export async function startFakeHoursService(): Promise<FakeHoursService> {
  const hits: string[] = [];
  const failures: Array<{ status: number; retryAfter?: string }> = [];
  let delayMs = 0;
  const server = createServer(async (req, res) => {
    hits.push(`${req.method} ${req.url}`);
    if (delayMs) {
      const wait = delayMs;
      delayMs = 0;
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (res.destroyed) return;
    }
    const failure = failures.shift();
    if (failure) {
      res.writeHead(failure.status, { 'content-type': 'application/json', ...(failure.retryAfter ? { 'retry-after': failure.retryAfter } : {}) });
      return res.end(JSON.stringify({ error: `status ${failure.status}` }));
    }
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/stores\/([^/]+)\/hours$/.exec(url.pathname);
    if (!match || match[1] !== 'berlin-mitte') {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end('{"error":"unknown store"}');
    }
    const day = url.searchParams.get('day');
    const hours = day === 'sunday' ? { closed: true } : day === 'saturday' ? { open: '10:00', close: '14:00' } : { open: '09:00', close: '18:00' };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(hours));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    failNext: (...responses) => failures.push(...responses),
    delayNext: (ms) => void (delayMs = ms),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
