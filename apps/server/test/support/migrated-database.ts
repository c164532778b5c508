import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { adminDatabaseUrl, createTestDatabase, queryDatabase, type TestDatabase } from '@confab/testing';
import { migrate } from '../../src/create-app';

const MIGRATIONS = join(__dirname, '../../../../libs/persistence/src/migrations');
const TEMPLATE_LOCK = 7_305_114_234; // one template build at a time on this PostgreSQL, across workers and checkouts

/** Named by the migrations' sources, so a changed or added migration gets a template of its own. */
function templateName(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS).filter((f) => f.endsWith('.ts') && !f.includes('spec')).sort()) {
    hash.update(file).update(readFileSync(join(MIGRATIONS, file)));
  }
  return `confab_template_${hash.digest('hex').slice(0, 16)}`;
}

async function withAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * The migrated template, made once per machine: migrated under a temporary name and renamed when complete, so a
 * crashed build never leaves a half-migrated template behind. Nobody connects to it afterwards (a copy needs that).
 */
async function buildTemplate(): Promise<string> {
  const name = templateName();
  return withAdmin(async (admin) => {
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      await sweepLeftovers(admin);
      const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (found.rowCount) return name;
      const draft = await createTestDatabase('confab_template_draft');
      try {
        await migrate(draft.url);
        await admin.query(`alter database "${draft.name}" rename to "${name}"`);
      } catch (err) {
        await draft.drop();
        throw err;
      }
      return name;
    } finally {
      await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
}

const STALE_MS = 2 * 3_600_000;

/**
 * Test servers drop their database without waiting, so a run that ends first can leave one behind. Those named by
 * createTestDatabase (confab_test_<creation time in base 36>_<random>) and hours old are dropped here; a database
 * still in use refuses (no FORCE), and is left alone.
 */
async function sweepLeftovers(admin: Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname ~ '^confab_test_[0-9a-z]+_[0-9a-f]{6}$'`);
  for (const { datname } of rows) {
    const created = parseInt(datname.split('_')[2], 36);
    if (Date.now() - created < STALE_MS) continue;
    await admin.query(`drop database if exists "${datname}"`).catch(() => undefined);
  }
}

let template: Promise<string> | undefined;

/**
 * A fresh database with every migration applied, copied from a migrated template (CREATE DATABASE ... TEMPLATE):
 * a fraction of the time migrating costs, paid by every suite that starts a server. Each copy gets its own
 * installation id, as a freshly migrated database would (processes derive their queue prefix from it).
 */
export async function createMigratedDatabase(): Promise<TestDatabase> {
  template ??= buildTemplate();
  const db = await createTestDatabase('confab_test', { template: await template });
  await queryDatabase(db.url, 'update installation set id = gen_random_uuid()');
  return db;
}
