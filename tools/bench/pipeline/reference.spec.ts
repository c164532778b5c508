import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { createTestDatabase, eventually, type TestDatabase } from '@confab/testing';
import { APP_SECRET, messageFactory } from './messages';
import { startModelServer, type ModelServer } from './model-server';
import { createReferenceSchema } from './reference-schema';
import { createReferenceServer } from './reference-server';
import { startReferenceWorker } from './reference-worker';
import { SendLog } from './send-log';

/** The yardstick must do the work it claims: refuse bad signatures, store and answer each message exactly once. */
describe('pipeline benchmark reference', () => {
  let db: TestDatabase;
  let pool: Pool;
  let redis: Redis;
  let blocking: Redis;
  let model: ModelServer;
  let sendLog: SendLog;
  let server: Server;
  let worker: { stop(): Promise<void> };
  let url: string;
  const queueKey = `confab-bench-spec-${process.pid}-${Date.now()}:replies`;

  beforeAll(async () => {
    db = await createTestDatabase('confab_bench_spec');
    pool = new Pool({ connectionString: db.url, max: 4 });
    await createReferenceSchema(pool);
    redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    blocking = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    model = await startModelServer();
    sendLog = await SendLog.start();
    worker = startReferenceWorker({ pool, redis: blocking, queueKey, modelUrl: model.url, graphUrl: sendLog.url, phoneNumberId: '100000000000001', accessToken: 'test-access-token', concurrency: 10 });
    server = createReferenceServer({ pool, redis, queueKey, appSecret: APP_SECRET });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/whatsapp/reference`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await worker.stop();
    await Promise.all([model.close(), sendLog.close()]);
    await redis.del(queueKey);
    await Promise.all([redis.quit(), blocking.quit(), pool.end()]);
    await db.drop();
  });

  const post = (raw: string, signature: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body: raw });

  it('refuses a wrong signature and stores nothing', async () => {
    const message = messageFactory(sendLog.graph, 5)();
    const res = await post(message.raw, `sha256=${'0'.repeat(64)}`);
    expect(res.status).toBe(401);
    expect((await pool.query('select count(*)::int as n from ref_messages')).rows[0].n).toBe(0);
  });

  it('stores a redelivered message once, with its event, and answers it once through the model and the Graph API', async () => {
    const message = messageFactory(sendLog.graph, 5)();
    const first = await post(message.raw, message.signature);
    const again = await post(message.raw, message.signature);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await again.json()).toEqual({ received: 0 });
    await eventually(() => {
      sendLog.collect();
      expect(sendLog.sentAt(message.token)).toBeDefined();
    });
    // A late second reply would show up here.
    await new Promise((r) => setTimeout(r, 300));
    sendLog.collect();
    expect(sendLog.duplicates([message.token])).toBe(0);
    const rows = await pool.query(`select direction, (select count(*)::int from ref_events e where e.message_id = m.id) as events from ref_messages m order by id`);
    expect(rows.rows).toEqual([{ direction: 'in', events: 1 }, { direction: 'out', events: 0 }]);
    expect(model.delayOf(message.token)).toBe(0);
  });
});
