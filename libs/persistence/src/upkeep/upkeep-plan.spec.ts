import { upkeepStatement, upkeepStep, type TableCounters } from './upkeep-plan';

// PostgreSQL's defaults.
const thresholds = { vacuumThreshold: 50, vacuumScaleFactor: 0.2, insertThreshold: 1000, insertScaleFactor: 0.2, analyzeThreshold: 50, analyzeScaleFactor: 0.1 };
const table = (over: Partial<TableCounters>): TableCounters => ({ table: 'messages', tuples: 10_000, dead: 0, modifiedSinceAnalyze: 0, insertedSinceVacuum: 0, autovacuum: true, ...over });

describe('upkeepStep', () => {
  it('analyzes a table once its changes since the last ANALYZE pass 50 + 10% of its rows', () => {
    expect(upkeepStep(table({ modifiedSinceAnalyze: 1050 }), thresholds)).toBeNull();
    expect(upkeepStep(table({ modifiedSinceAnalyze: 1051 }), thresholds)).toEqual({ table: 'messages', vacuum: false, analyze: true });
  });

  it('counts a table that was never analyzed (reltuples -1) as empty: 51 new rows are enough', () => {
    expect(upkeepStep(table({ tuples: -1, modifiedSinceAnalyze: 51 }), thresholds)).toEqual({ table: 'messages', vacuum: false, analyze: true });
  });

  it('leaves VACUUM to autovacuum where it runs, however many dead rows', () => {
    expect(upkeepStep(table({ dead: 9_000 }), thresholds)).toBeNull();
  });

  it('vacuums where autovacuum is off: dead rows past 50 + 20%, or inserts past 1000 + 20%', () => {
    const off = { autovacuum: false };
    expect(upkeepStep(table({ ...off, dead: 2050 }), thresholds)).toBeNull();
    expect(upkeepStep(table({ ...off, dead: 2051 }), thresholds)).toEqual({ table: 'messages', vacuum: true, analyze: false });
    expect(upkeepStep(table({ ...off, insertedSinceVacuum: 3001 }), thresholds)).toEqual({ table: 'messages', vacuum: true, analyze: false });
    expect(upkeepStep(table({ ...off, insertedSinceVacuum: 3001 }), { ...thresholds, insertThreshold: -1 })).toBeNull();
  });
});

describe('upkeepStatement', () => {
  it('skips a table another session holds, and quotes its name', () => {
    expect(upkeepStatement({ table: 'messages', vacuum: false, analyze: true })).toBe('analyze (skip_locked) "messages"');
    expect(upkeepStatement({ table: 'we"ird', vacuum: true, analyze: true })).toBe('vacuum (skip_locked, analyze) "we""ird"');
    expect(upkeepStatement({ table: 'outbox', vacuum: true, analyze: false })).toBe('vacuum (skip_locked) "outbox"');
  });
});
