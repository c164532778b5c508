import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@nestjs/common';
import { ConfigError } from '../config/env';

/** Who runs the embedded PostgreSQL of a data directory: this file holds the Confab process id. */
export const OWNER_FILE = 'confab-owner.pid';

/** Stops the start with its message alone (no stack): the operator's fix is in the text. */
export class DataDirInUse extends ConfigError {}

/** True while a process with this id exists (EPERM: it exists but belongs to another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0]?.trim() ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Whether a live pid is really a PostgreSQL server: after a container restart the pid in a stale file may belong to
 * any process, even this one. Where /proc cannot tell (not Linux), assume it is.
 */
function isPostgres(pid: number): boolean {
  if (pid === process.pid || pid === process.ppid) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return !existsSync('/proc/self');
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/**
 * A Confab process killed with -9 leaves its embedded PostgreSQL running, holding the data directory
 * (postmaster.pid): the next start would fail. Before starting, look at that pid file. A dead postmaster left a
 * stale file: remove it. A live one whose Confab is gone is an orphan: stop it the way `pg_ctl stop -m fast` does
 * (SIGINT to the postmaster; SIGQUIT, PostgreSQL's immediate shutdown, if it does not go in time), so the data is
 * consistent and the new start owns it. A live one whose Confab still runs is refused: two servers on one directory.
 */
export async function clearOrphanedPostgres(dataDir: string, databaseDir: string, logger: Logger): Promise<void> {
  const pidFile = join(databaseDir, 'postmaster.pid');
  const postmaster = readPid(pidFile);
  if (postmaster === null) return;
  if (!isAlive(postmaster) || !isPostgres(postmaster)) {
    logger.warn(`Removing the stale ${pidFile} of PostgreSQL process ${postmaster}, which is no longer running`);
    rmSync(pidFile, { force: true });
    return;
  }
  const owner = readPid(join(dataDir, OWNER_FILE));
  if (owner !== null && owner !== process.pid && isAlive(owner)) {
    throw new DataDirInUse(
      `The embedded PostgreSQL in ${databaseDir} (pid ${postmaster}) belongs to Confab process ${owner}, which is still running; stop it first, or give this process another DATA_DIR`,
    );
  }
  logger.warn(`Stopping the embedded PostgreSQL (pid ${postmaster}) that a crashed Confab process left running in ${databaseDir}`);
  process.kill(postmaster, 'SIGINT');
  if (await waitForExit(postmaster, 15_000)) return;
  logger.warn(`PostgreSQL ${postmaster} did not stop within 15 s; asking for an immediate shutdown`);
  process.kill(postmaster, 'SIGQUIT');
  if (await waitForExit(postmaster, 10_000)) return;
  throw new Error(`The orphaned PostgreSQL (pid ${postmaster}) in ${databaseDir} does not stop; stop it by hand (pg_ctl stop -D ${databaseDir} -m immediate)`);
}

/** Records this process as the one running the data directory's PostgreSQL; removed again on a clean stop. */
export function claimDataDir(dataDir: string): () => void {
  const file = join(dataDir, OWNER_FILE);
  writeFileSync(file, `${process.pid}\n`);
  return () => {
    if (readPid(file) === process.pid) rmSync(file, { force: true });
  };
}
