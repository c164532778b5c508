import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../loopback-listen';
import { MalformedJson, parseBody } from './qdrant-body';
import { CollectionStore } from './qdrant-collections';
import { QdrantHttpError } from './qdrant-errors';
import { FailureQueue, readBody, send, underPath, type Outcome } from './qdrant-http';
import { route } from './qdrant-router';
import type { FakeQdrant, FakeQdrantOptions, RecordedQdrantRequest } from './fake-qdrant.types';
import { CancellableWaits } from '../cancellable-waits';

// Qdrant's auth middleware whitelist: the version probe and the health checks work without a key.
const OPEN_PATHS = ['/', '/healthz', '/livez', '/readyz'];

/** Qdrant answers auth failures with a bare text body and 401 (src/actix/auth.rs), not with the JSON envelope. */
function authFailure(req: RecordedQdrantRequest, apiKey: string | undefined): Outcome | undefined {
  if (apiKey === undefined || OPEN_PATHS.includes(req.path)) return undefined;
  const header = req.headers['api-key'];
  const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
  const presented = (Array.isArray(header) ? header[0] : header) ?? bearer;
  if (presented === undefined) {
    return { kind: 'text', status: 401, text: 'Must provide an API key or an Authorization bearer token' };
  }
  return presented === apiKey ? undefined : { kind: 'text', status: 401, text: 'Invalid API key or JWT' };
}

export async function startFakeQdrant(options: FakeQdrantOptions = {}): Promise<FakeQdrant> {
  const version = options.version ?? '1.19.0';
  const store = new CollectionStore();
  const failures = new FailureQueue();
  const requests: RecordedQdrantRequest[] = [];
  const waits = new CancellableWaits();
  let latencyMs = options.latencyMs ?? 0;
  let closing: Promise<void> | undefined;

  const wait = (ms: number) => waits.wait(ms);

  function decide(recorded: RecordedQdrantRequest, raw: string): Outcome {
    const denied = authFailure(recorded, options.apiKey);
    if (denied) return denied;
    const injected = failures.take(recorded);
    if (injected) return injected;
    try {
      return route(store, version, { method: recorded.method, path: recorded.path, query: recorded.query, body: parseBody(raw) });
    } catch (err: unknown) {
      if (!(err instanceof QdrantHttpError)) throw err;
      return { kind: 'error', status: err.status, error: err.text, headers: err.headers };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const target = req.url ?? '/';
    const url = new URL(target, 'http://fake-qdrant.invalid');
    const parsed = parseBody(raw).json;
    const recorded: RecordedQdrantRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      url: target,
      headers: req.headers,
      body: parsed instanceof MalformedJson ? parsed.raw : parsed,
      at: Date.now(),
    };
    requests.push(recorded);
    const startedAt = performance.now();
    await wait(latencyMs);
    if (closing) return;
    recorded.status = send(res, decide(recorded, raw), startedAt);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in the fake must surface in the test as a loud 500 naming the fake, never as a hang.
      if (res.headersSent || res.destroyed) return void res.destroy();
      send(res, { kind: 'error', status: 500, error: `Service internal error: fake-qdrant: internal error: ${String(err)}` }, 0);
    });
  });
  const { port, destroySockets } = await listenOnLoopback(server);

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: (method, pathPrefix) =>
      requests.filter(
        (r) => (method === undefined || r.method === method.toUpperCase()) && (pathPrefix === undefined || underPath(r.path, pathPrefix)),
      ),
    failNext: (n, failure) => failures.add(n, failure),
    setLatency: (ms) => void (latencyMs = ms),
    reset: () => {
      store.collections.clear();
      failures.clear();
      requests.length = 0;
      latencyMs = 0;
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        // Keep-alive sockets (undici pools them) would hold server.close() open, so they are cut, not awaited.
        waits.releaseAll();
        destroySockets();
        server.close(() => resolve());
      })),
    collections: store.collections,
  };
}
