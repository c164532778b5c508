/**
 * A real worker in its own process, for tests that kill it: `node -r @swc-node/register` this file with the test
 * server's configuration as JSON in CONFAB_WORKER_CONFIG. It builds the app as ROLE=worker does and prints "ready"
 * once its queues are processing.
 */
import 'reflect-metadata';
import type { AppConfig } from '../../src/config/app-config';
import { createApp, createLogger } from '../../src/create-app';

async function main(): Promise<void> {
  const config = JSON.parse(process.env.CONFAB_WORKER_CONFIG ?? '', (_key, value) =>
    value && value.type === 'Buffer' && Array.isArray(value.data) ? Buffer.from(value.data) : value,
  ) as AppConfig;
  const app = await createApp({ ...config, role: 'worker' }, process.env.TEST_LOGS ? createLogger('json') : false);
  await app.init();
  process.stdout.write('ready\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`worker failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
