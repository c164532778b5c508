import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadDotenv } from './config/dotenv';
import { ConfigError, parseEnv } from './config/env';
import { logFormatFor } from './config/log-format';
import { resolveConfig } from './bootstrap/resolve-config';
import { describeFailure } from './bootstrap/describe-failure';
import { createApp, createLogger, migrate } from './create-app';
import { seedDemo } from './seed/demo-seed';
import { printFirstStartBanner } from './bootstrap/first-start-banner';
import { installationQueuePrefix } from '@confab/persistence';

async function main(): Promise<void> {
  const began = performance.now();
  loadDotenv();
  const env = parseEnv(process.env);
  const logger = createLogger(logFormatFor(env.LOG_FORMAT), env.LOG_LEVEL);
  Logger.overrideLogger(logger);
  const log = new Logger('Confab');
  const resolved = await resolveConfig(env);
  const { config } = resolved;

  const applied = await migrate(config.databaseUrl);
  if (applied.length) log.log(`Applied migrations: ${applied.join(', ')}`);
  config.queuePrefix = env.QUEUE_PREFIX ?? (await installationQueuePrefix(config.databaseUrl));

  const app = await createApp(config, logger);
  const closeServices = () => resolved.stop();
  await app.init();
  // Seeded before listening, so /health answers only once the demo tenant exists. Workers never seed, so an API
  // and a worker starting together on an empty database make one demo tenant.
  const seed = config.role === 'worker' ? null : await seedDemo(app, 'gpt-4o-mini');
  // A worker serves no API; with METRICS_PORT it listens there, so Prometheus can scrape what its jobs recorded.
  const port = config.role === 'worker' ? env.METRICS_PORT : config.port;
  if (port !== undefined) await app.listen(port, '0.0.0.0');
  const startupMs = Math.round(performance.now() - began);
  log.log({ msg: 'Confab is ready', role: config.role, url: config.publicUrl, startupMs, docs: `${config.publicUrl}/docs` });
  if (seed || resolved.generated.platformAdminKey) {
    printFirstStartBanner(process.stdout, {
      publicUrl: config.publicUrl, dataDir: env.DATA_DIR, platformAdminKey: resolved.generated.platformAdminKey,
      demo: seed ? { apiKey: seed.apiKey, assistantId: seed.assistantId } : undefined,
    });
  }

  const shutdown = async (signal: string) => {
    log.log(`Received ${signal}; shutting down`);
    // app.close() first lets the workers drain (replies and sends in flight finish, bounded), then closes queues and the database.
    try {
      await app.close();
      await closeServices();
    } catch (err) {
      process.stderr.write(`Confab did not shut down cleanly: ${describeFailure(err)}\n`);
      process.exit(1);
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  const detail = describeFailure(err);
  const message = err instanceof ConfigError ? err.message : `Confab could not start: ${detail}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
