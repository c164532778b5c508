/**
 * Settings of the pipeline benchmark, from the environment (defaults fit ~10 minutes on a 2-core machine).
 * Longer windows give steadier figures: BENCH_ROUNDS=5 BENCH_WINDOW_SCALE=3 npm run bench:pipeline.
 */
const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}=${JSON.stringify(raw)}: expected a non-negative number`);
  return value;
};

const scale = num('BENCH_WINDOW_SCALE', 1);

export const options = {
  rounds: Math.max(1, Math.round(num('BENCH_ROUNDS', 3))),
  /** P1: autocannon window and connections. */
  p1Seconds: num('BENCH_P1_S', 4) * scale,
  p1Connections: num('BENCH_P1_CONNECTIONS', 50),
  /** P3: window at half of the platform's P1 rate of the same round (or BENCH_P3_RATE), with 10% redelivered. */
  p3Seconds: num('BENCH_P3_S', 8) * scale,
  p3Rate: num('BENCH_P3_RATE', 0),
  redeliverShare: num('BENCH_REDELIVER', 0.1),
  /** P2: each offered rate runs this long; rates double from the first up to the cap, then one step between. */
  p2StepSeconds: num('BENCH_P2_STEP_S', 4) * scale,
  p2FirstRate: num('BENCH_P2_FIRST', 20),
  p2MaxRate: num('BENCH_P2_MAX', 1280),
  /** P4: slow models at a fixed rate across many conversations. */
  p4Seconds: num('BENCH_P4_S', 6) * scale,
  p4Rate: num('BENCH_P4_RATE', 150),
  p4Customers: num('BENCH_P4_CUSTOMERS', 3000),
  customers: num('BENCH_CUSTOMERS', 1000),
  /** Upper bound on waiting for replies after a window; what is still missing then counts as backlog. */
  drainSeconds: num('BENCH_DRAIN_S', 20),
  /** Passed to the platform as REPLY_DEBOUNCE_MS when set; unset keeps the production default. */
  platformDebounceMs: process.env.BENCH_REPLY_DEBOUNCE_MS,
  logLevel: process.env.BENCH_LOG_LEVEL,
  /** Which groups run: p1, p3 (with P10 and the SQL counts), p2, p4 (both models); default all. */
  measures: new Set((process.env.BENCH_MEASURES ?? 'p1,p2,p3,p4').split(',').map((m) => m.trim().toLowerCase())),
};

export type BenchOptions = typeof options;
