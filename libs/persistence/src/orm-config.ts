import { defineConfig, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import type { EntityClass } from '@mikro-orm/core';
import { DomainEventRecord } from './event-log/domain-event.entity';
import { ProjectionCheckpoint } from './event-log/projection-checkpoint.entity';
import { migrationsList } from './migrations';

export const persistenceEntities = [DomainEventRecord, ProjectionCheckpoint];

export interface OrmOptions {
  clientUrl: string;
  entities: EntityClass<any>[];
  debug?: boolean;
  poolMax?: number;
}

export function buildOrmConfig(options: OrmOptions) {
  return defineConfig({
    driver: PostgreSqlDriver,
    clientUrl: options.clientUrl,
    entities: [...persistenceEntities, ...options.entities],
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    pool: { min: 0, max: options.poolMax ?? 10 },
    // Every timestamp is timestamptz and handled in UTC.
    timezone: '+00:00',
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: options.debug ?? false,
    ensureDatabase: false,
  });
}

const MIGRATION_LOCK = 7_305_114_233; // any constant shared by every Confab process

/**
 * Applies pending migrations with a short-lived ORM; the same list runs in a bundled build. A session-level
 * advisory lock makes processes that start together (API + workers) migrate one after another.
 */
export async function migrateDatabase(clientUrl: string, entities: EntityClass<any>[]): Promise<string[]> {
  const { MikroORM } = await import('@mikro-orm/postgresql');
  const { Client } = await import('pg');
  const lock = new Client({ connectionString: clientUrl });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const orm = await MikroORM.init(buildOrmConfig({ clientUrl, entities, poolMax: 1 }));
    try {
      return (await orm.migrator.up()).map((m) => m.name);
    } finally {
      await orm.close(true);
    }
  } finally {
    await lock.end();
  }
}

/**
 * The Bull key prefix of this installation: `confab:` plus the start of the installation's id (a row the
 * migrations create). Two installations on one Redis (two checkouts on a laptop, staging beside production)
 * would otherwise take each other's jobs.
 */
export async function installationQueuePrefix(clientUrl: string): Promise<string> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: clientUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('select id from installation limit 1');
    if (!rows[0]) throw new Error('The installation row is missing; run the migrations first');
    return `confab:${rows[0].id.slice(0, 8)}`;
  } finally {
    await client.end();
  }
}
