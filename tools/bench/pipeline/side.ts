import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { adminDatabaseUrl, queryDatabase } from '@confab/testing';
import type { ModelServer } from './model-server';
import type { SendLog } from './send-log';

export const ROOT = join(__dirname, '../../..');
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface SqlCounts {
  total: { statements: number; transactions: number };
  webhook: { statements: number; transactions: number };
  webhookRequests: number;
}

/** One started server under test (the platform or the reference) and its own loopback model and Graph. */
export interface RunningSide {
  name: SideName;
  webhookUrl: string;
  pid: number;
  database: string;
  model: ModelServer;
  sendLog: SendLog;
  sql(): Promise<SqlCounts>;
  stop(): Promise<void>;
}

export type SideName = 'platform' | 'reference';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminDatabaseUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * ANALYZE on a side's database. A production database has statistics (autovacuum analyzes a table within its first
 * minute of traffic); the benchmark's database is minutes old, and without statistics the planner guesses that a
 * tenant's rows are a sliver of a table that holds only that tenant, and picks plans no running installation would.
 */
export async function analyzeDatabase(name: string): Promise<void> {
  await queryDatabase(databaseUrl(name), 'analyze');
}

export function databaseUrl(name: string): string {
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Node with the SQL counter preloaded (and the TypeScript loader for a .ts entry); output goes to a log file. */
export function spawnServer(script: string, env: Record<string, string>, logFile: string, stdout: 'log' | 'pipe', nodeFlags: readonly string[] = []): ChildProcess {
  const log = openSync(logFile, 'a');
  const loader = script.endsWith('.ts') ? ['-r', '@swc-node/register'] : [];
  const child = spawn(process.execPath, [...nodeFlags, ...loader, '-r', join(__dirname, 'sql-counter.cjs'), script], {
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'apps/server/tsconfig.app.json'), ...env },
    stdio: ['ignore', stdout === 'log' ? log : 'pipe', log, 'ipc'],
  });
  closeSync(log);
  return child;
}

export function askSql(child: ChildProcess): Promise<SqlCounts> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the SQL counter did not answer')), 5_000);
    const onMessage = (message: any) => {
      if (!message?.sql) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message.sql as SqlCounts);
    };
    child.on('message', onMessage);
    child.send('bench:sql');
  });
}

/**
 * The counts of a server and every process it started (BENCH_SQL_DIR, see sql-counter.cjs): the server's own over
 * IPC, the others from their files, read after they have all written at least once since the call.
 */
export async function sumSql(child: ChildProcess, dir: string): Promise<SqlCounts> {
  const own = await askSql(child);
  await new Promise((r) => setTimeout(r, 300));
  const sum: SqlCounts = structuredClone(own);
  for (const name of readdirSync(dir)) {
    // Other processes' counts only (<pid>.json); <pid>.shapes.json are for reading by hand (BENCH_SQL_SHAPES).
    if (name === `${child.pid}.json` || !/^\d+\.json$/.test(name)) continue;
    const other = JSON.parse(readFileSync(join(dir, name), 'utf8')) as SqlCounts;
    for (const part of ['total', 'webhook'] as const) {
      sum[part].statements += other[part].statements;
      sum[part].transactions += other[part].transactions;
    }
    sum.webhookRequests += other.webhookRequests;
  }
  return sum;
}

/** SIGTERM, then SIGKILL if the process has not exited after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

export function logTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
