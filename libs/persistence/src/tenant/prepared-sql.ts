import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Pool, type PoolConfig } from 'pg';

/** Distinct statement texts remembered with their converted form; the hot path has a handful. */
const TEXTS_KEPT = 500;
const POOL_SIZE = 4;
/**
 * Planner settings of this pool's sessions; every statement here is a short keyed one.
 * - Generic plans: PostgreSQL otherwise planned the turn's commit, the relay's claim and the identity lookup on every
 *   call (custom plans were estimated cheaper), 0.15-0.5 ms each, about a tenth of its CPU per message.
 * - Index costs as for data in memory or on SSD (the default 4 is a spinning disk's). At the default a keyed lookup is
 *   planned as a sequential scan on any table under about eight pages, and a generic plan (foreign key checks'
 *   included) lives as long as its connection or until the table's next ANALYZE: in a new installation the hot
 *   statements kept scanning whole tables as they grew. From an empty database at 70 msg/s, rows read by sequential
 *   scans in the messages and conversations tables fell from 960 to 390 per message.
 */
const SESSION_SETTINGS = '-c plan_cache_mode=force_generic_plan -c random_page_cost=1.1';

/**
 * The hot path's reads and single-statement writes, each prepared once per connection. MikroORM sends every
 * statement as text with its values written into it, so PostgreSQL parses, analyses and plans it on every call:
 * the send's read (a join with a subquery) took 0.55-0.85 ms a call that way and 0.10-0.18 ms as a named prepared
 * statement, on one connection in a loop on this machine kind (docs/benchmarks.md). The statements keep MikroORM's
 * `?` placeholders and value conventions (arrays and JSON passed as text); the name is the hash of the text, so a
 * connection never confuses two statements.
 *
 * A pool of its own with the ORM's connection settings and type parsers (`mapOptions`), so a row reads the same
 * as through the ORM. Statements here run outside any transaction (each is atomic by itself); a transaction's
 * statements stay on the ORM's connection.
 */
@Injectable()
export class PreparedSql implements OnApplicationShutdown {
  private readonly logger = new Logger('PreparedSql');
  private pool?: Pool;
  private readonly texts = new Map<string, { name: string; text: string }>();

  constructor(private readonly orm: MikroORM) {}

  async query<R = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    const { name, text } = this.prepared(sql);
    try {
      const result = await this.connections().query({ name, text, values: params as unknown[] });
      return result.rows as R[];
    } catch (err) {
      // The ORM's exception classes (UniqueConstraintViolationException, ...), as a statement through em.execute
      // would throw, so callers handle a conflict the same way whichever path ran the statement.
      throw this.orm.em.getDriver().convertException(err as Error);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end();
  }

  private connections(): Pool {
    if (this.pool) return this.pool;
    const connection = this.orm.em.getConnection() as unknown as { mapOptions(overrides: PoolConfig): PoolConfig };
    const config = connection.mapOptions({ max: POOL_SIZE, application_name: 'confab-prepared' } as PoolConfig);
    this.pool = new Pool({ ...config, options: [config.options, SESSION_SETTINGS].filter(Boolean).join(' ') });
    // An idle connection the server dropped (a restart, a failover) is reported here; the next query opens another.
    this.pool.on('error', (err) => this.logger.warn({ msg: 'An idle database connection was lost', error: err.message }));
    return this.pool;
  }

  private prepared(sql: string): { name: string; text: string } {
    let entry = this.texts.get(sql);
    if (!entry) {
      entry = { name: `confab_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`, text: numberedPlaceholders(sql) };
      if (this.texts.size >= TEXTS_KEPT) this.texts.delete(this.texts.keys().next().value!);
      this.texts.set(sql, entry);
    }
    return entry;
  }
}

/** `?` placeholders as `$1`, `$2`, ...; a `?` inside a quoted literal or identifier is left alone. */
export function numberedPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else out += ch === '?' ? `$${++n}` : ch;
  }
  return out;
}
