import { createServer } from 'node:http';
import { listenOnLoopback } from '../loopback-listen';

export interface FakePage {
  body: string | Buffer;
  contentType?: string;
  status?: number;
  /** Answer with a redirect to this location instead. */
  redirectTo?: string;
}

export interface FakeWebsite {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Paths requested, in order. */
  requests: string[];
  setPage(path: string, page: FakePage): void;
  close(): Promise<void>;
}

/** A small website on loopback for fetch and crawl tests; unknown paths answer 404. */
export async function startFakeWebsite(pages: Record<string, FakePage> = {}): Promise<FakeWebsite> {
  const site = new Map(Object.entries(pages));
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const page = site.get(path);
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (page.redirectTo) {
      res.writeHead(page.status ?? 302, { location: page.redirectTo }).end();
      return;
    }
    res.writeHead(page.status ?? 200, { 'content-type': page.contentType ?? 'text/html; charset=utf-8' }).end(page.body);
  });
  const { port, destroySockets } = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setPage: (path, page) => site.set(path, page),
    close: async () => {
      destroySockets();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
