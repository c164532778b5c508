import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createTestDatabase, eventually, type TestDatabase } from '@confab/testing';
import { migrate } from '../src/create-app';
import { apiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

/** A TCP hop in front of a dependency that the test can take down (refuse and cut every connection) and bring back. */
async function startOutageProxy(target: string) {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const up = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(targetPort), hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', () => undefined).on('close', () => {
            sockets.delete(s);
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  const down = async () => {
    const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
    for (const s of sockets) s.destroy();
    await closed;
  };
  await up();
  return { url: (via: string) => Object.assign(new URL(via), { host: `127.0.0.1:${port}` }).toString(), up, down };
}

describe('/health when a dependency is down', () => {
  let server: TestServer;
  let db: TestDatabase;
  let postgres: Awaited<ReturnType<typeof startOutageProxy>>;
  let redis: Awaited<ReturnType<typeof startOutageProxy>>;
  const health = () => apiClient(server.url).get('/health');

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate(db.url);
    const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    postgres = await startOutageProxy(db.url);
    redis = await startOutageProxy(redisUrl);
    server = await startTestServer({ databaseUrl: postgres.url(db.url), redisUrl: redis.url(redisUrl) });
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it('answers 200 with both dependencies up', async () => {
    const res = await health();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { ok: true, ms: expect.any(Number) }, redis: { ok: true, ms: expect.any(Number) } });
  });

  it('answers 503 naming Redis when Redis is down, and 200 again once it is back', async () => {
    await redis.down();
    try {
      const res = await health();
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'degraded', database: { ok: true }, redis: { ok: false, error: expect.any(String) } });
      expect(res.body.database.error).toBeUndefined();
    } finally {
      await redis.up();
    }
    await eventually(async () => expect((await health()).status).toBe(200), { timeoutMs: 15_000, intervalMs: 200 });
  });

  it('answers 503 naming the database when PostgreSQL is down, and 200 again once it is back', async () => {
    await postgres.down();
    try {
      const res = await health();
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'degraded', database: { ok: false, error: expect.any(String) }, redis: { ok: true } });
      expect(res.body.redis.error).toBeUndefined();
    } finally {
      await postgres.up();
    }
    await eventually(async () => expect((await health()).status).toBe(200), { timeoutMs: 15_000, intervalMs: 200 });
  });
});
