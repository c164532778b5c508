/** One table's counters from pg_stat_user_tables and what the server's autovacuum would do with them. */
export interface TableCounters {
  table: string;
  /** pg_class.reltuples: the row count as of the last VACUUM or ANALYZE; -1 when the table never had either. */
  tuples: number;
  dead: number;
  modifiedSinceAnalyze: number;
  insertedSinceVacuum: number;
  /** False when the server's autovacuum is off, or the table's own `autovacuum_enabled` is. */
  autovacuum: boolean;
}

/** The server's autovacuum thresholds (its settings of the same names). */
export interface UpkeepThresholds {
  vacuumThreshold: number;
  vacuumScaleFactor: number;
  insertThreshold: number;
  insertScaleFactor: number;
  analyzeThreshold: number;
  analyzeScaleFactor: number;
}

export type UpkeepStep = { table: string; vacuum: boolean; analyze: boolean };

/**
 * What a table needs now, by the server's own formulas (threshold + scale factor x rows). ANALYZE whenever they
 * say so: it samples at most a few thousand pages, however large the table, and a plan made while a table held a
 * handful of rows (a new installation's first minute) reads the whole table on every call once traffic has grown
 * it. VACUUM only where autovacuum does not run: where it does, it throttles itself, which a plain VACUUM does not.
 */
export function upkeepStep(t: TableCounters, th: UpkeepThresholds): UpkeepStep | null {
  const rows = Math.max(0, t.tuples);
  const analyze = t.modifiedSinceAnalyze > th.analyzeThreshold + th.analyzeScaleFactor * rows;
  const vacuum =
    !t.autovacuum &&
    (t.dead > th.vacuumThreshold + th.vacuumScaleFactor * rows ||
      (th.insertThreshold >= 0 && t.insertedSinceVacuum > th.insertThreshold + th.insertScaleFactor * rows));
  return analyze || vacuum ? { table: t.table, vacuum, analyze } : null;
}

/** The statement for a step. SKIP_LOCKED: a table another process (or autovacuum) is working on is left to it. */
export function upkeepStatement(step: UpkeepStep): string {
  const table = `"${step.table.replace(/"/g, '""')}"`;
  if (!step.vacuum) return `analyze (skip_locked) ${table}`;
  return `vacuum (skip_locked${step.analyze ? ', analyze' : ''}) ${table}`;
}
