import { Client, type Pool } from 'pg';
import { pct } from '../stats';
import { closedLoop, openLoop, type Offered } from './load';
import { messageFactory } from './messages';
import { options } from './options';
import { backendPids, cpuDelta, cpuMs, processTree, rssByProcess, rssMetrics } from './proc-stats';
import { analyzeDatabase, databaseUrl, type RunningSide } from './side';

/** What one side measured in one round; keys are the rows of the report. */
export type Metrics = Record<string, number>;

/** Stands for "never answered" in latency lists, so a percentile over unanswered messages shows it. */
export const UNANSWERED = 1e9;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the Graph log until every token is answered or the time is up; returns how many were answered. */
export async function waitAnswered(side: RunningSide, tokens: string[], timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    side.sendLog.collect();
    const answered = side.sendLog.answered(tokens);
    if (answered === tokens.length || Date.now() >= deadline) return answered;
    await sleep(100);
  }
}

function sendLatencies(side: RunningSide, offered: Offered[]): number[] {
  return offered.map((o) => {
    const at = side.sendLog.sentAt(o.token);
    return at === undefined ? UNANSWERED : at - o.webhookAt;
  });
}

/**
 * RSS of the server (its tree, its API process, its largest worker) and PostgreSQL connections of its database,
 * sampled twice a second. It also keeps the last CPU reading of every backend it saw: a pool closes a connection
 * that stayed idle (10 s for node-postgres), and a backend gone by the final reading would take its CPU with it
 * (after a long drain that was most of PostgreSQL's share).
 */
function sampler(side: RunningSide, admin: Pool) {
  let rssMax: Metrics = {};
  let connectionsMax = 0;
  let stopped = false;
  const backendCpu = new Map<number, number>();
  const readBackends = async () => {
    const pids = await backendPids(admin, side.database);
    for (const [pid, ms] of cpuMs(pids)) backendCpu.set(pid, ms);
    return pids.length;
  };
  const loop = (async () => {
    while (!stopped) {
      const reading = rssMetrics(rssByProcess(side.pid), 'Load');
      rssMax = Object.fromEntries(Object.entries(reading).map(([key, mb]) => [key, Math.max(rssMax[key] ?? 0, mb)]));
      connectionsMax = Math.max(connectionsMax, await readBackends());
      await sleep(500);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      await readBackends();
      return { rssMax, connectionsMax, backendCpu };
    },
  };
}

/** A few messages answered end to end before measuring, so code paths are compiled and pools are open. */
export async function warmUp(side: RunningSide): Promise<void> {
  side.model.setLatency(0);
  const run = openLoop(side.webhookUrl, 20, 1.5, messageFactory(side.sendLog.graph, 30));
  const { offered } = await run.result;
  await waitAnswered(side, offered.map((o) => o.token), 15_000);
  await analyzeDatabase(side.database);
  side.sendLog.clear();
  side.model.clear();
}

export async function measureP1(side: RunningSide): Promise<Metrics> {
  const result = await closedLoop(side.webhookUrl, options.p1Connections, options.p1Seconds, messageFactory(side.sendLog.graph, options.customers));
  return { p1: result.perSecond, p1Failed: result.failed };
}

/** P3 (and P10, SQL counts, correctness): a fixed rate with 10% of webhooks delivered twice. */
export async function measureP3(side: RunningSide, admin: Pool, rate: number): Promise<Metrics> {
  const pgBefore = cpuMs(await backendPids(admin, side.database));
  const serverBefore = cpuMs(processTree(side.pid));
  const sqlBefore = await side.sql();
  const sampling = sampler(side, admin);
  const windowStart = new Date();
  const run = openLoop(side.webhookUrl, rate, options.p3Seconds, messageFactory(side.sendLog.graph, options.customers), options.redeliverShare);
  const { offered, ackMs, failed } = await run.result;
  const tokens = offered.map((o) => o.token);
  const answered = await waitAnswered(side, tokens, options.drainSeconds * 1000);
  const serverAfter = cpuMs(processTree(side.pid));
  const sqlAfter = await side.sql();
  const { rssMax, backendCpu: pgAfter } = await sampling.stop();
  // Replies sent after the drain would be duplicates too; give stragglers a moment to show up.
  await sleep(1000);
  side.sendLog.collect();
  const sends = sendLatencies(side, offered);
  const n = offered.length;
  const stages = side.name === 'platform' ? await platformStages(side, windowStart) : {};
  const webhooks = sqlAfter.webhookRequests - sqlBefore.webhookRequests;
  return {
    p3Rate: rate,
    p3AckP50: pct(ackMs, 50),
    p3AckP99: ackMs.length < n ? UNANSWERED : pct(ackMs, 99),
    p3SendP50: pct(sends, 50),
    p3SendP99: pct(sends, 99),
    p3Failed: failed,
    lost: n - answered,
    duplicates: side.sendLog.duplicates(tokens),
    cpuPerMessage: cpuDelta(serverBefore, serverAfter) / n,
    pgCpuPerMessage: cpuDelta(pgBefore, pgAfter) / n,
    statementsPerWebhook: webhooks ? (sqlAfter.webhook.statements - sqlBefore.webhook.statements) / webhooks : NaN,
    transactionsPerWebhook: webhooks ? (sqlAfter.webhook.transactions - sqlBefore.webhook.transactions) / webhooks : NaN,
    statementsPerMessage: (sqlAfter.total.statements - sqlBefore.total.statements) / n,
    transactionsPerMessage: (sqlAfter.total.transactions - sqlBefore.total.transactions) / n,
    ...rssMax,
    ...stages,
  };
}

/**
 * Where a platform message's time went after the relay queued its reply, from its own rows (the message's
 * created_at is WhatsApp's timestamp, whole seconds, so the webhook-to-queued hop is not taken from it): queued ->
 * turn started (waiting in the reply queue) -> reply stored (the turn) -> sent (relay hop, send queue, Graph call).
 */
async function platformStages(side: RunningSide, since: Date): Promise<Metrics> {
  const db = new Client({ connectionString: databaseUrl(side.database) });
  await db.connect();
  try {
    const { rows } = await db.query<{ waited: number; turn: number; sent: number }>(`
      with s as (select ((r.metadata->'trace'->>'turnStartedAt')::timestamptz, i.reply_queued_at) as t, r.created_at as stored, r.sent_at
                 from messages i join messages r on r.id = i.answered_by_message_id
                 where i.direction = 'inbound' and i.created_at >= date_trunc('second', $1::timestamptz) and i.reply_queued_at is not null)
      select percentile_cont(0.5) within group (order by extract(epoch from (t).f1 - (t).f2)) * 1000 as waited,
             percentile_cont(0.5) within group (order by extract(epoch from stored - (t).f1)) * 1000 as turn,
             percentile_cont(0.5) within group (order by extract(epoch from sent_at - stored)) * 1000 as sent from s`, [since]);
    const [m] = rows;
    return { p3StageWaitedP50: Number(m.waited), p3StageTurnP50: Number(m.turn), p3StageSentP50: Number(m.sent) };
  } finally {
    await db.end();
  }
}

/**
 * P2: offered rates double until the backlog grows, then one step halfway up from the last rate that held (or,
 * when the first rate already fails, halving down to 5 msg/s).
 * A rate holds when every message is answered within a short grace after the window and replies to the last
 * quarter of the window are not later than replies to the first quarter by more than 10% of the time between them
 * (+250 ms): a growing queue shows as a growing delay, a constant delay (a debounce) does not count against a side.
 * And the last quarter's replies come within a second: a queue that grew to seconds in the window's first moments
 * and then stayed there is a backlog too (one run "held" 160 msg/s with replies 4.1 s late in the first quarter and
 * 4.6 s in the last).
 */
/** With a 0 ms model a reply that takes longer than this waited in a queue. */
const P2_MAX_DELAY_MS = 1_000;

export async function measureP2(side: RunningSide): Promise<Metrics> {
  side.model.setLatency(0);
  const next = messageFactory(side.sendLog.graph, options.customers);
  const tryRate = async (rate: number): Promise<boolean> => {
    // At low rates the window stretches to 80 messages, so each quarter's median rests on 20 replies.
    const seconds = Math.max(options.p2StepSeconds, 80 / rate);
    const run = openLoop(side.webhookUrl, rate, seconds, next);
    const { offered, failed } = await run.result;
    const tokens = offered.map((o) => o.token);
    const answered = await waitAnswered(side, tokens, 5_000);
    const sends = sendLatencies(side, offered);
    const quarter = Math.max(1, Math.floor(sends.length / 4));
    const first = pct(sends.slice(0, quarter), 50);
    const last = pct(sends.slice(-quarter), 50);
    // Between the quarters' middles 0.75 of the window passes; a queue growing by 10% of the offered rate adds
    // latency at about 0.1 s per s. 250 ms absorbs the noise of a shared machine.
    const allowedGrowth = 250 + 0.1 * 0.75 * seconds * 1000;
    const holds = failed === 0 && answered === tokens.length && last - first <= allowedGrowth && last <= P2_MAX_DELAY_MS;
    process.stderr.write(`  P2 ${side.name} ${rate} msg/s: ${answered}/${tokens.length} answered, ${failed} failed, reply p50 first quarter ${first.toFixed(0)} ms, last ${last.toFixed(0)} ms: ${holds ? 'holds' : 'backlog grows'}\n`);
    // Start the next step from an empty queue (bounded: a side far over its limit is not waited for long).
    if (!holds) await waitAnswered(side, tokens, options.drainSeconds * 1000);
    return holds;
  };
  let best = 0;
  let failedAt = 0;
  for (let rate = options.p2FirstRate; rate <= options.p2MaxRate; rate *= 2) {
    if (!(await tryRate(rate))) {
      failedAt = rate;
      break;
    }
    best = rate;
  }
  if (best > 0 && failedAt > 0 && (await tryRate(Math.round(best * 1.5)))) best = Math.round(best * 1.5);
  // Below the first rate: halve down to 5 msg/s, so a side that is slower than expected still gets a figure.
  for (let rate = Math.round(options.p2FirstRate / 2); best === 0 && rate >= 5; rate = Math.round(rate / 2)) {
    if (await tryRate(rate)) best = rate;
  }
  return { p2: best };
}

/** P4: a slow model (fixed or jittered) at a fixed rate across many conversations; overhead = send - webhook - model. */
export async function measureP4(side: RunningSide, admin: Pool, minMs: number, maxMs: number, key: string): Promise<Metrics> {
  side.model.setLatency(minMs, maxMs);
  const sampling = sampler(side, admin);
  const run = openLoop(side.webhookUrl, options.p4Rate, options.p4Seconds, messageFactory(side.sendLog.graph, options.p4Customers));
  const { offered } = await run.result;
  const tokens = offered.map((o) => o.token);
  const answered = await waitAnswered(side, tokens, maxMs + 8_000);
  const { rssMax, connectionsMax } = await sampling.stop();
  // Over the answered messages; the share answered says whether the backlog stayed bounded.
  const overhead = offered.flatMap((o) => {
    const at = side.sendLog.sentAt(o.token);
    const model = side.model.delayOf(o.token);
    return at === undefined || model === undefined ? [] : [at - o.webhookAt - model];
  });
  side.model.setLatency(0);
  return {
    [`${key}OverheadP50`]: overhead.length ? pct(overhead, 50) : UNANSWERED,
    [`${key}OverheadP99`]: overhead.length ? pct(overhead, 99) : UNANSWERED,
    [`${key}Answered`]: answered / tokens.length,
    [`${key}Connections`]: connectionsMax,
    ...rssMax,
  };
}
