import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { upkeepStatement, upkeepStep, type TableCounters, type UpkeepStep, type UpkeepThresholds } from './upkeep-plan';

export const UPKEEP_OPTIONS = Symbol('UPKEEP_OPTIONS');

export interface TableUpkeepOptions {
  /** Worker processes keep the tables; API processes answer requests. */
  enabled: boolean;
  /** How often the table counters are looked at (DB_UPKEEP_INTERVAL_MS); 0 turns the upkeep off. */
  intervalMs: number;
}

type CountersRow = {
  table: string;
  tuples: number;
  dead: string;
  modified: string;
  inserted: string;
  autovacuum: boolean;
} & Record<'vt' | 'vs' | 'it' | 'is' | 'at' | 'as', string>;

const COUNTERS = `
  select s.relname as table, c.reltuples::float8 as tuples, s.n_dead_tup as dead, s.n_mod_since_analyze as modified,
    s.n_ins_since_vacuum as inserted,
    current_setting('autovacuum')::bool and not coalesce(c.reloptions @> array['autovacuum_enabled=false'], false) as autovacuum,
    current_setting('autovacuum_vacuum_threshold') as vt, current_setting('autovacuum_vacuum_scale_factor') as vs,
    current_setting('autovacuum_vacuum_insert_threshold') as it, current_setting('autovacuum_vacuum_insert_scale_factor') as is,
    current_setting('autovacuum_analyze_threshold') as at, current_setting('autovacuum_analyze_scale_factor') as as
  from pg_stat_user_tables s join pg_class c on c.oid = s.relid
  where s.schemaname = current_schema()`;

/**
 * Keeps the tables' statistics and dead rows where the server's autovacuum would, checked every few seconds rather
 * than once a minute, and doing its VACUUMs too where autovacuum is off (some managed and CI servers run that way;
 * this machine kind's does). Without it a busy table's dead rows and stale statistics turn point lookups into
 * scans of the whole table: measured on the message path, the turn's read went from 24 to 256 buffers a call.
 * Every worker process runs it; SKIP_LOCKED leaves a table that another one is working on alone, and the counters
 * it resets make the others pass it by.
 */
@Injectable()
export class TableUpkeep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TableUpkeep');
  private timer?: NodeJS.Timeout;
  private running?: Promise<UpkeepStep[]>;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    @Inject(UPKEEP_OPTIONS) private readonly options: TableUpkeepOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.enabled || this.options.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.round(), this.options.intervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One look at the counters and the steps it took (tests call it directly). A round still running is joined. */
  round(): Promise<UpkeepStep[]> {
    if (this.stopped) return Promise.resolve([]);
    this.running ??= this.keep()
      .catch((err: Error) => {
        this.logger.warn({ msg: 'Table upkeep failed; it is tried again next round', error: err.message });
        return [];
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async keep(): Promise<UpkeepStep[]> {
    const connection = this.orm.em.getConnection();
    const rows: CountersRow[] = await connection.execute(COUNTERS);
    const steps = rows.map((r) => upkeepStep(counters(r), thresholds(r))).filter((s): s is UpkeepStep => !!s);
    for (const step of steps) {
      if (this.stopped) break;
      const started = Date.now();
      await connection.execute(upkeepStatement(step), [], 'run');
      this.logger.log({ msg: 'Table kept', table: step.table, vacuum: step.vacuum, analyze: step.analyze, ms: Date.now() - started });
    }
    return steps;
  }
}

function counters(r: CountersRow): TableCounters {
  return {
    table: r.table,
    tuples: Number(r.tuples),
    dead: Number(r.dead),
    modifiedSinceAnalyze: Number(r.modified),
    insertedSinceVacuum: Number(r.inserted),
    autovacuum: r.autovacuum,
  };
}

function thresholds(r: CountersRow): UpkeepThresholds {
  return {
    vacuumThreshold: Number(r.vt),
    vacuumScaleFactor: Number(r.vs),
    insertThreshold: Number(r.it),
    insertScaleFactor: Number(r.is),
    analyzeThreshold: Number(r.at),
    analyzeScaleFactor: Number(r.as),
  };
}
