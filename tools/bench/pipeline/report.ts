import { UNANSWERED, type Metrics } from './measures';

type Goal =
  | { kind: 'ratio'; op: '>=' | '<='; value: number }
  | { kind: 'platform'; op: '<=' | '='; value: number; on: 'median' | 'max' }
  | { kind: 'none' };

interface Row {
  key: string;
  label: string;
  goal: Goal;
  digits?: number;
}

/** The rows printed, in order; goals are those of issues 15 and 16. */
export const ROWS: Row[] = [
  { key: 'p1', label: 'P1 signed webhooks accepted/s (50 conn.)', goal: { kind: 'ratio', op: '>=', value: 0.5 }, digits: 0 },
  { key: 'p2', label: 'P2 sustained msg/s end to end, 0 ms model', goal: { kind: 'ratio', op: '>=', value: 0.5 }, digits: 0 },
  { key: 'p3Rate', label: 'P3 offered rate msg/s (half platform P1)', goal: { kind: 'none' }, digits: 0 },
  { key: 'p3AckP50', label: 'P3 webhook ack p50 ms', goal: { kind: 'none' } },
  { key: 'p3AckP99', label: 'P3 webhook ack p99 ms', goal: { kind: 'platform', op: '<=', value: 25, on: 'median' } },
  { key: 'p3SendP50', label: 'P3 webhook-to-send p50 ms', goal: { kind: 'none' }, digits: 0 },
  { key: 'p3SendP99', label: 'P3 webhook-to-send p99 ms', goal: { kind: 'ratio', op: '<=', value: 3 }, digits: 0 },
  { key: 'p3StageWaitedP50', label: 'P3 platform: reply queued to turn started p50 ms', goal: { kind: 'none' }, digits: 0 },
  { key: 'p3StageTurnP50', label: 'P3 platform: turn started to reply stored p50 ms', goal: { kind: 'none' }, digits: 0 },
  { key: 'p3StageSentP50', label: 'P3 platform: reply stored to sent p50 ms', goal: { kind: 'none' }, digits: 0 },
  { key: 'duplicates', label: 'P3 duplicate replies (10% redelivered)', goal: { kind: 'platform', op: '=', value: 0, on: 'max' }, digits: 0 },
  { key: 'lost', label: 'P3 lost (unanswered after drain)', goal: { kind: 'platform', op: '=', value: 0, on: 'max' }, digits: 0 },
  { key: 'cpuPerMessage', label: 'P10 server CPU ms/message (at P3 rate)', goal: { kind: 'ratio', op: '<=', value: 3 }, digits: 2 },
  { key: 'pgCpuPerMessage', label: 'PostgreSQL CPU ms/message (at P3 rate)', goal: { kind: 'none' }, digits: 2 },
  { key: 'statementsPerWebhook', label: 'SQL statements per webhook request', goal: { kind: 'none' } },
  { key: 'transactionsPerWebhook', label: 'SQL commits per webhook request', goal: { kind: 'none' } },
  { key: 'statementsPerMessage', label: 'SQL statements per message end to end', goal: { kind: 'none' } },
  { key: 'transactionsPerMessage', label: 'SQL commits per message end to end', goal: { kind: 'none' } },
  { key: 'p4fixedOverheadP50', label: 'P4 1 s model: overhead p50 ms (answered)', goal: { kind: 'platform', op: '<=', value: 15, on: 'median' }, digits: 0 },
  { key: 'p4fixedOverheadP99', label: 'P4 1 s model: overhead p99 ms (answered)', goal: { kind: 'platform', op: '<=', value: 100, on: 'median' }, digits: 0 },
  { key: 'p4fixedAnswered', label: 'P4 1 s model: share answered (bounded)', goal: { kind: 'platform', op: '=', value: 1, on: 'median' }, digits: 2 },
  { key: 'p4fixedConnections', label: 'P4 1 s model: PostgreSQL connections', goal: { kind: 'platform', op: '<=', value: 40, on: 'max' }, digits: 0 },
  { key: 'p4jitterOverheadP50', label: 'P4 1-4 s model: overhead p50 ms (answered)', goal: { kind: 'platform', op: '<=', value: 15, on: 'median' }, digits: 0 },
  { key: 'p4jitterOverheadP99', label: 'P4 1-4 s model: overhead p99 ms (answered)', goal: { kind: 'platform', op: '<=', value: 100, on: 'median' }, digits: 0 },
  { key: 'p4jitterAnswered', label: 'P4 1-4 s model: share answered (bounded)', goal: { kind: 'platform', op: '=', value: 1, on: 'median' }, digits: 2 },
  { key: 'p4jitterConnections', label: 'P4 1-4 s model: PostgreSQL connections', goal: { kind: 'platform', op: '<=', value: 40, on: 'max' }, digits: 0 },
  { key: 'rssStart', label: 'server RSS MB after start (process tree)', goal: { kind: 'none' }, digits: 0 },
  { key: 'rssLoad', label: 'server RSS MB under load (process tree, max)', goal: { kind: 'none' }, digits: 0 },
  { key: 'rssApiStart', label: 'API process RSS MB after start', goal: { kind: 'none' }, digits: 0 },
  { key: 'rssApiLoad', label: 'API process RSS MB under load (max)', goal: { kind: 'platform', op: '<=', value: 300, on: 'max' }, digits: 0 },
  { key: 'rssWorkerStart', label: 'largest worker process RSS MB after start', goal: { kind: 'none' }, digits: 0 },
  { key: 'rssWorkerLoad', label: 'largest worker process RSS MB under load (max)', goal: { kind: 'platform', op: '<=', value: 300, on: 'max' }, digits: 0 },
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function fmt(n: number | undefined, digits = 1): string {
  if (n === undefined || Number.isNaN(n)) return '-';
  if (n >= UNANSWERED / 2) return 'unans.';
  return n.toFixed(digits);
}

const spread = (xs: number[], digits?: number) => (xs.length ? `${fmt(Math.min(...xs), digits)} / ${fmt(median(xs), digits)} / ${fmt(Math.max(...xs), digits)}` : '-');

function verdict(goal: Goal, platform: number[], ratios: number[]): string {
  if (goal.kind === 'none') return '';
  if (goal.kind === 'ratio') {
    if (!ratios.length) return '?';
    const m = median(ratios);
    return (goal.op === '>=' ? m >= goal.value : m <= goal.value) ? 'pass' : 'FAIL';
  }
  if (!platform.length) return '?';
  const v = goal.on === 'max' ? Math.max(...platform) : median(platform);
  return (goal.op === '=' ? v === goal.value : v <= goal.value) ? 'pass' : 'FAIL';
}

function goalText(goal: Goal): string {
  if (goal.kind === 'none') return '';
  if (goal.kind === 'ratio') return `ratio ${goal.op} ${goal.value}`;
  return `${goal.on === 'max' ? 'every round' : 'median'} ${goal.op} ${goal.value}`;
}

/** A markdown table: each side's min / median / max over rounds, the per-round ratio's min / median / max, the goal. */
export function renderReport(rounds: Array<{ platform: Metrics; reference: Metrics }>): string {
  const lines = [
    '| measure | platform min / median / max | reference min / median / max | ratio min / median / max | goal | result |',
    '|---|---|---|---|---|---|',
  ];
  for (const row of ROWS) {
    const platform = rounds.map((r) => r.platform[row.key]).filter((v) => v !== undefined && !Number.isNaN(v));
    const reference = rounds.map((r) => r.reference[row.key]).filter((v) => v !== undefined && !Number.isNaN(v));
    const ratios = rounds
      .map((r) => r.platform[row.key] / r.reference[row.key])
      .filter((v) => Number.isFinite(v));
    const showRatio = row.goal.kind === 'ratio' || ['cpuPerMessage', 'pgCpuPerMessage', 'statementsPerMessage', 'p3AckP99', 'p3SendP50'].includes(row.key);
    lines.push(
      `| ${row.label} | ${spread(platform, row.digits)} | ${spread(reference, row.digits)} | ${showRatio ? spread(ratios, 2) : ''} | ${goalText(row.goal)} | ${verdict(row.goal, platform, ratios)} |`,
    );
  }
  return lines.join('\n');
}
