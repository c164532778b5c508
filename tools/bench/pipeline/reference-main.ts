/**
 * The reference as one process (HTTP receiver and reply worker, like the platform's ROLE=all), started by the
 * pipeline benchmark with: PORT DATABASE_URL REDIS_URL QUEUE_KEY OPENAI_BASE_URL GRAPH_URL [REFERENCE_CONCURRENCY].
 * Prints one JSON line {"ready":port} when it listens.
 */
import Redis from 'ioredis';
import { Pool } from 'pg';
import type { AddressInfo } from 'node:net';
import { createReferenceSchema } from './reference-schema';
import { createReferenceServer } from './reference-server';
import { startReferenceWorker } from './reference-worker';
import { APP_SECRET } from './messages';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`reference: ${name} is required`);
  return value;
};

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: env('DATABASE_URL'), max: 20 });
  await createReferenceSchema(pool);
  const redis = new Redis(env('REDIS_URL'));
  const blocking = new Redis(env('REDIS_URL'));
  const queueKey = env('QUEUE_KEY');
  const worker = startReferenceWorker({
    pool, redis: blocking, queueKey, modelUrl: env('OPENAI_BASE_URL'), graphUrl: env('GRAPH_URL'),
    phoneNumberId: '100000000000001', accessToken: 'test-access-token', concurrency: Number(process.env.REFERENCE_CONCURRENCY ?? 1000),
  });
  const server = createReferenceServer({ pool, redis, queueKey, appSecret: APP_SECRET });
  await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
  process.stdout.write(`${JSON.stringify({ ready: (server.address() as AddressInfo).port })}\n`);
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close();
    void worker.stop().then(async () => {
      await Promise.all([pool.end(), redis.quit(), blocking.quit()]);
      process.exit(0);
    });
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`reference could not start: ${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
