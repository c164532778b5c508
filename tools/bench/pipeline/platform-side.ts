import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTenant } from '../../../apps/server/test/support/api-client';
import { connectWhatsApp } from '../../../apps/server/test/support/whatsapp-helpers';
import { SERVER_NODE_FLAGS } from '../../../apps/server/src/bootstrap/node-flags';
import { options } from './options';
import { adminQuery, databaseUrl, sumSql, deleteRedisKeys, freePort, logTail, REDIS_URL, ROOT, spawnServer, stopProcess, type RunningSide } from './side';
import type { ModelServer } from './model-server';
import type { SendLog } from './send-log';

/** What `npm start` runs: the server bundle (BENCH_PLATFORM_MAIN=apps/server/src/main.ts runs the sources, as `npm run start:source` does). */
const MAIN = process.env.BENCH_PLATFORM_MAIN ? join(ROOT, process.env.BENCH_PLATFORM_MAIN) : join(ROOT, 'dist/apps/server/main.js');

/** As `npm start` does: builds the server bundle when it is older than its sources. */
export function ensurePlatformBuilt(): void {
  if (MAIN.endsWith('.ts')) return;
  const run = spawnSync(process.execPath, [join(ROOT, 'tools/server-build.mjs')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) throw new Error('the server bundle could not be built (tools/server-build.mjs)');
}

async function waitHealthy(url: string, exited: () => string | undefined, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const why = exited();
    if (why) throw new Error(why);
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the platform was not healthy within ${timeoutMs / 1000} s`);
}

/**
 * The platform as `npm start` runs it (the server bundle, ROLE=all: an API process and its worker), on a copy of a migrated
 * template database, the machine's Redis under a private prefix, the loopback model as OPENAI_BASE_URL and a
 * WhatsApp number whose Graph API is the loopback fake. Set up through the public API like a tenant would.
 */
export async function startPlatform(template: string, model: ModelServer, sendLog: SendLog, workDir: string): Promise<RunningSide> {
  const tag = randomBytes(4).toString('hex');
  const database = `confab_bench_p_${tag}`;
  await adminQuery(`create database "${database}" template "${template}"`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const platformKey = `cfb_platform_${randomBytes(12).toString('hex')}`;
  const queuePrefix = `confab-bench-${tag}`;
  const logFile = join(workDir, `platform-${tag}.log`);
  const sqlDir = join(workDir, `sql-${tag}`);
  mkdirSync(sqlDir);
  const child = spawnServer(
    MAIN,
    {
      PORT: String(port),
      PUBLIC_URL: url,
      DATABASE_URL: databaseUrl(database),
      REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      OPENAI_API_KEY: 'sk-bench',
      OPENAI_BASE_URL: model.url,
      PLATFORM_ADMIN_KEY: platformKey,
      SECRETS_KEY: randomBytes(32).toString('hex'),
      DATA_DIR: join(workDir, `data-${tag}`),
      OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
      BENCH_SQL_DIR: sqlDir,
      ...(options.platformDebounceMs !== undefined ? { REPLY_DEBOUNCE_MS: options.platformDebounceMs } : {}),
      ...(options.logLevel ? { LOG_LEVEL: options.logLevel } : {}),
    },
    logFile,
    'log',
    // As tools/start.mjs starts the API process (its workers add the same flags themselves), plus any the run asks
    // for (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`; forked workers inherit them).
    [...SERVER_NODE_FLAGS, ...(process.env.BENCH_PLATFORM_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean)],
  );
  const cleanup = async () => {
    await stopProcess(child);
    // BENCH_KEEP_DB=1 leaves the platform's database for EXPLAIN and friends after the run.
    if (process.env.BENCH_KEEP_DB) console.log(`  platform database kept: ${database}`);
    else await adminQuery(`drop database if exists "${database}" with (force)`);
    await deleteRedisKeys(queuePrefix);
  };
  try {
    await waitHealthy(url, () => (child.exitCode !== null ? `the platform exited (${child.exitCode}):\n${logTail(logFile)}` : undefined));
    const { api } = await createTenant(url, platformKey, 'bench');
    const assistant = await api.post('/api/v1/assistants', { name: 'bench', systemPrompt: 'Answer briefly.', model: 'gpt-4o-mini' });
    if (assistant.status !== 201) throw new Error(`assistant creation failed: ${assistant.status} ${JSON.stringify(assistant.body)}`);
    // An upgraded number (1,000 messages/s, Meta's highest tier): the reference paces nothing, and at the default 80/s
    // the platform would hold every measure above 80 msg/s back by design (docs/benchmarks.md, "Settings").
    const connection = await connectWhatsApp(api, assistant.body.id, sendLog.url, { messagesPerSecond: 1000 });
    return {
      name: 'platform',
      webhookUrl: `${url}${new URL(connection.webhookUrl).pathname}`,
      pid: child.pid!,
      database,
      model,
      sendLog,
      sql: () => sumSql(child, sqlDir),
      stop: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
