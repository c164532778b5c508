import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { queryDatabase } from '@confab/testing';
import { startEmbeddedPostgres } from '../src/bootstrap/embedded-postgres';
import { DataDirInUse, isAlive } from '../src/bootstrap/orphaned-postgres';
import { killHard } from './support/spawn-worker';

const ROOT = join(__dirname, '../../..');

/** Starts the embedded PostgreSQL in a separate process, as `npm start` would, and resolves once it accepts connections. */
async function startInChild(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'support/embedded-postgres-process.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', DATA_DIR: dataDir, SWC_NODE_PROJECT: join(ROOT, 'apps/server/tsconfig.app.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (c: Buffer) => void (errors += c.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => c.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`embedded postgres child exited with ${code}: ${errors}`)));
  });
  return child;
}

const postmasterPid = (dataDir: string) => Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);

/**
 * kill -9 of the all-in-one process leaves its embedded PostgreSQL running on the data directory. The next start
 * must stop that orphan and come up by itself, quickly, instead of failing with "undefined".
 */
describe('embedded PostgreSQL after a crash', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'confab-embedded-pg-'));
  // As root the package runs PostgreSQL as the 'postgres' user, who must be able to enter the directory.
  chmodSync(dataDir, 0o755);
  const logger = new Logger('test');
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) await killHard(child);
    try {
      const pid = postmasterPid(dataDir);
      if (isAlive(pid)) process.kill(pid, 'SIGQUIT');
    } catch {
      /* no server left */
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses while the Confab that owns it runs, stops the orphan a killed one left, and restarts in seconds', async () => {
    const child = await startInChild(dataDir);
    children.push(child);
    const orphan = postmasterPid(dataDir);

    // Its Confab is alive: a second server on the same directory is refused with the reason, not "undefined".
    await expect(startEmbeddedPostgres(dataDir, logger)).rejects.toThrow(DataDirInUse);

    await killHard(child);
    expect(isAlive(orphan)).toBe(true); // what kill -9 leaves behind: PostgreSQL still holds the directory

    const began = Date.now();
    const db = await startEmbeddedPostgres(dataDir, logger);
    try {
      expect(Date.now() - began).toBeLessThan(20_000);
      expect(isAlive(orphan)).toBe(false);
      expect(await queryDatabase<{ ok: number }>(db.url, 'select 1 as ok')).toEqual([{ ok: 1 }]);
    } finally {
      await db.stop();
    }
  }, 180_000);

  it.each([
    // A pid that surely does not exist (above the kernel's pid_max default of 4,194,304).
    ['whose process is gone', 9_999_999],
    // After a container restart the old pid may be taken by anyone, this very process included: never signal it.
    ['whose pid now belongs to another process', process.pid],
  ])('removes a stale pid file %s', async (_case, pid) => {
    writeFileSync(join(dataDir, 'postgres', 'postmaster.pid'), `${pid}\n${join(dataDir, 'postgres')}\n`);
    const db = await startEmbeddedPostgres(dataDir, logger);
    try {
      expect(await queryDatabase<{ ok: number }>(db.url, 'select 1 as ok')).toEqual([{ ok: 1 }]);
    } finally {
      await db.stop();
    }
  }, 60_000);
});
