import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadDotenv } from './config/dotenv';
import { ConfigError, parseSettings } from './config/env';
import { pluginSettingsDefinitions } from './plugins';
import { redactPluginSettings, undeclaredUnderPrefix, type PluginSettingsDefinition } from '@confab/plugin-sdk';
import { logFormatFor } from './config/log-format';
import { resolveConfig } from './bootstrap/resolve-config';
import { describeFailure } from './bootstrap/describe-failure';
import { createApp, createLogger, migrate } from './create-app';
import { seedDemo } from './seed/demo-seed';
import { printFirstStartBanner } from './bootstrap/first-start-banner';
import { installationQueuePrefix } from '@confab/persistence';
import { defaultWorkerCount, WorkerProcesses } from './bootstrap/worker-processes';

/** The terminal signals the whole process group and `npm start` forwards the same Ctrl-C: one press arrives twice. */
const REPEATED_SIGNAL_MS = 1_000;
/** A worker's drain is bounded by 25 s; it gets a little more before it is killed. */
const WORKER_STOP_GRACE_MS = 30_000;

let workers: WorkerProcesses | undefined;

async function main(): Promise<void> {
  const began = performance.now();
  loadDotenv();
  // The plugins' declared settings are checked with the server's own: one message names every bad variable.
  const pluginDefinitions = pluginSettingsDefinitions(process.env.CONFAB_PLUGINS);
  const settings = parseSettings(process.env, pluginDefinitions);
  const { env } = settings;
  const logger = createLogger(logFormatFor(env.LOG_FORMAT), env.LOG_LEVEL);
  Logger.overrideLogger(logger);
  const log = new Logger('Confab');
  logPluginSettings(log, pluginDefinitions);
  const resolved = await resolveConfig(env, undefined, settings.plugins);
  const { config } = resolved;

  const applied = await migrate(config.databaseUrl);
  if (applied.length) log.log(`Applied migrations: ${applied.join(', ')}`);
  config.queuePrefix = env.QUEUE_PREFIX ?? (await installationQueuePrefix(config.databaseUrl));

  // ROLE=all on a machine with cores to spare: this process serves HTTP and worker processes do the jobs, so
  // neither waits on the other's event loop. They start now and boot while this process does.
  const workerCount = config.role === 'all' ? (env.WORKERS ?? defaultWorkerCount()) : 0;
  if (workerCount > 0) {
    config.role = 'api';
    workers = new WorkerProcesses(workerCount, { ...process.env, ...resolved.resolvedEnv, QUEUE_PREFIX: config.queuePrefix, ROLE: 'worker', WORKERS: '0' });
    workers.start();
  }

  const app = await createApp(config, logger);
  const closeServices = () => resolved.stop();
  await app.init();
  // Seeded before listening, so /health answers only once the demo tenant exists. Workers never seed, so an API
  // and a worker starting together on an empty database make one demo tenant.
  const seed = config.role === 'worker' ? null : await seedDemo(app, 'gpt-4o-mini', config.publicUrl);
  // A worker serves no API; with METRICS_PORT it listens there, so Prometheus can scrape what its jobs recorded.
  const port = config.role === 'worker' ? env.METRICS_PORT : config.port;
  if (port !== undefined) await app.listen(port, '0.0.0.0');
  const startupMs = Math.round(performance.now() - began);
  log.log({ msg: 'Confab is ready', role: config.role, pid: process.pid, workerPids: workers?.pids, url: config.publicUrl, startupMs, docs: `${config.publicUrl}/docs` });
  if (seed || resolved.generated.platformAdminKey) {
    printFirstStartBanner(process.stdout, {
      publicUrl: config.publicUrl, dataDir: env.DATA_DIR, platformAdminKey: resolved.generated.platformAdminKey,
      demo: seed ? { apiKey: seed.apiKey, assistantId: seed.assistantId, dashboard: seed.dashboard, widgetDemo: !!seed.widgetPublicKey } : undefined,
    });
  }

  const shutdown = async (signal: string) => {
    log.log(`Received ${signal}; shutting down`);
    // app.close() first lets the workers drain (replies and sends in flight finish, bounded), then closes queues and the database.
    // Worker processes drain at the same time; the embedded services they use stop only after both are done.
    try {
      await Promise.all([workers?.stop(WORKER_STOP_GRACE_MS), app.close()]);
      await closeServices();
    } catch (err) {
      process.stderr.write(`Confab did not shut down cleanly: ${describeFailure(err)}\n`);
      process.exit(1);
    }
    process.exit(0);
  };
  let stoppingSince: number | undefined;
  const onSignal = (signal: string) => {
    if (stoppingSince === undefined) {
      stoppingSince = Date.now();
      void shutdown(signal);
    } else if (Date.now() - stoppingSince > REPEATED_SIGNAL_MS) {
      // A second Ctrl-C stops at once.
      workers?.kill();
      process.exit(130);
    }
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  // A worker started by an API process stops (draining) when that process is gone, instead of running on alone.
  if (process.send) {
    if (process.connected) process.once('disconnect', () => onSignal('disconnect'));
    else onSignal('disconnect');
  }
}

/** Which plugin settings this start uses, as set (secrets only as set): what an operator checks first. */
function logPluginSettings(log: Logger, definitions: PluginSettingsDefinition[]): void {
  for (const definition of definitions) {
    const shown = redactPluginSettings(definition, process.env);
    if (Object.keys(shown).length) log.log({ msg: 'Plugin settings', plugin: definition.plugin, settings: shown });
    const unknown = undeclaredUnderPrefix(definition, process.env);
    if (unknown.length) log.warn({ msg: `Not settings of ${definition.plugin} (a typo?): ${unknown.join(', ')}`, declared: Object.values(definition.settings).map((s) => s.env) });
  }
}

main().catch((err: unknown) => {
  const detail = describeFailure(err);
  const message = err instanceof ConfigError ? err.message : `Confab could not start: ${detail}`;
  process.stderr.write(`${message}\n`);
  workers?.kill();
  process.exit(1);
});
