/**
 * npm run bench:metrics -- the read side of issue 9 over a million messages (ROWS to change it):
 *   1. loads ROWS messages in conversations of 10 spread over 30 days with COPY (the search trigger computing each
 *      message's vector, as it does in production), and the read-model's rollups for them;
 *   2. GET /api/v1/metrics for the 30 days (totals, and grouped by day): p95, goal <= 10 ms;
 *   3. projection lag while 200 customer messages a second are logged: from an event's commit to the projector's
 *      checkpoint passing it, p99, goal <= 2 s;
 *   4. export of all messages as CSV and JSON Lines over HTTP against `COPY (the same statement) TO STDOUT` in the
 *      same run (goal >= 0.5x), with the exporting server's peak RSS (goal <= 256 MB; measured on the production
 *      bundle in its own process when `npm run build` has made one, else on this process, which holds the bench too);
 *   5. GET /api/v1/conversations?q= p95 for rare, medium and common words and a phrase, goal <= 50 ms.
 * Prints figures and ratios; not part of npm test.
 */
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Db } from '@confab/persistence';
import { exportStatement, inlineStatement } from '@confab/exports';
import { bucketOf } from '@confab/metrics';
import { createTenant } from '../../apps/server/test/support/api-client';
import { startTestServer } from '../../apps/server/test/support/test-server';
import { BUNDLE, procMemory, startBundle, timed } from './bench-process';
import { pct } from './stats';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const PER_CONVERSATION = 10;
const DAYS = 30;
const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 10, 1);

// Word frequencies chosen so searches range from a handful of hits to a third of all messages.
const COMMON = ['Bestellung', 'order', 'Lieferung', 'delivery', 'Danke', 'thanks', 'Hallo', 'hello', 'Grüße', 'Preis'];
const FILLER = ['heute', 'morgen', 'bitte', 'wann', 'where', 'when', 'my', 'mein', 'Paket', 'package', 'Rechnung', 'invoice', 'Adresse', 'price', 'Öffnungszeiten', 'Rückgabe', 'refund', 'schnell', 'soon', 'leider'];
const MEDIUM = ['Reklamation', 'Gutschein', 'voucher', 'Umtausch', 'Kundennummer', 'Ratenzahlung', 'Geschenkverpackung', 'Lieferadresse', 'Expressversand', 'Stornierung'];

function sentence(i: number): string {
  const n = 6 + (i % 14);
  const words: string[] = [];
  for (let k = 0; k < n; k++) words.push(FILLER[(i * 7 + k * 3) % FILLER.length]);
  if (i % 3 === 0) words.splice(i % n, 0, COMMON[i % COMMON.length]);
  if (i % 97 === 0) words.splice(1, 0, MEDIUM[(i / 97) % MEDIUM.length | 0]);
  // A unique order number per conversation: what an agent searches for most.
  if (i % PER_CONVERSATION === 0) words.push(`A-${100000 + i / PER_CONVERSATION}`);
  return words.join(' ');
}

async function writeMessages(stdin: NodeJS.WritableStream, tenantId: string, connectionId: string, conversations: string[]): Promise<void> {
  let buffer = '';
  for (let i = 0; i < ROWS; i++) {
    const c = Math.floor(i / PER_CONVERSATION);
    const customer = i % 2 === 0;
    const at = new Date(START + (c / conversations.length) * DAYS * DAY_MS + (i % PER_CONVERSATION) * 20_000).toISOString();
    const usage = customer ? '' : `"{""model"": ""gpt-4o-mini"", ""llmCalls"": 1, ""promptTokens"": ${400 + (i % 300)}, ""cachedTokens"": 0, ""completionTokens"": ${20 + (i % 80)}}"`;
    buffer += `${randomUUID()},${tenantId},${conversations[c]},${connectionId},${customer ? 'inbound' : 'outbound'},${customer ? 'customer' : 'assistant'},${sentence(i)},${customer ? '' : 'delivered'},${usage},${customer ? 0 : 150 + (i % 900)},${customer ? '' : 800 + (i % 1500)},${at}\n`;
    if (buffer.length > 1 << 20) {
      if (!stdin.write(buffer)) await once(stdin, 'drain');
      buffer = '';
    }
  }
  stdin.write(buffer);
}

const p95 = (xs: number[]) => pct(xs, 95);
const ms = (n: number) => `${n.toFixed(1)} ms`;
const verdict = (ok: boolean) => (ok ? 'ok' : 'NOT MET');

async function timeRequests(url: string, key: string, paths: string[], rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const path of paths) {
      const began = performance.now();
      const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${key}` } });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      times.push(performance.now() - began);
    }
  }
  return times;
}

async function main() {
  const server = await startTestServer({ openai: null });
  const { id: tenantId, api, apiKey } = await createTenant(server.url, server.platformKey, 'bench');
  const assistantId = (await api.post('/api/v1/assistants', { name: 'bench', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
  const connectionId = (await api.post('/api/v1/channels', { type: 'api', assistantId, config: {} })).body.id;
  const pg = new Client({ connectionString: server.db.url });
  await pg.connect();

  // 1. Load.
  const conversationCount = Math.ceil(ROWS / PER_CONVERSATION);
  const { rows } = await pg.query<{ id: string }>(
    `with customers as (
       insert into customers (id, tenant_id, display_name, created_at)
       select gen_random_uuid(), $1, 'Kunde ' || g, now() from generate_series(1, $4::int) g returning id
     )
     insert into conversations (id, tenant_id, channel, connection_id, assistant_id, customer_id, customer_identifier, customer_name, message_count, total_cost_micros, created_at, last_message_at)
     select gen_random_uuid(), $1, 'api', $2, $3, id, 'cust-' || n, 'Kunde', ${PER_CONVERSATION}, 1000 * (n % 50),
            $5::timestamptz + (n::float / $4) * interval '${DAYS} days', $5::timestamptz + (n::float / $4) * interval '${DAYS} days' + interval '200 seconds'
     from (select id, row_number() over () as n from customers) c
     returning id`,
    [tenantId, connectionId, assistantId, conversationCount, new Date(START).toISOString()],
  );
  const conversations = rows.map((r) => r.id);
  const loadSeconds = await timed('psql', [server.db.url, '-q', '-c', '\\copy messages (id, tenant_id, conversation_id, connection_id, direction, author, text, delivery_status, usage, cost_micros, latency_ms, created_at) from stdin with (format csv)'], (stdin) =>
    writeMessages(stdin, tenantId, connectionId, conversations),
  );
  // The rollups the projector would have written for these messages, per local hour and day, with response times
  // in the read-model's own histogram buckets.
  const buckets: Record<string, string> = {};
  for (let latency = 800; latency < 2300; latency++) buckets[latency] = bucketOf(latency);
  const rollupColumns = `tenant_id, day, assistant_id, channel, is_test, chats, customer_messages, assistant_messages, awaiting_reply, answered_ai, response_count, response_sum_ms, response_hist, llm_cost_micros`;
  const rollupSelect = (hourly: boolean) => `
    with m as (
      select (m.created_at at time zone 'Europe/Berlin')::date as day, extract(hour from m.created_at at time zone 'Europe/Berlin')::smallint as hour,
             m.author, m.latency_ms, m.cost_micros, b.value as bucket, m.conversation_id
      from messages m left join jsonb_each_text($2::jsonb) b on b.key = m.latency_ms::text where m.tenant_id = $1
    ), per_bucket as (
      select day, ${hourly ? 'hour' : 'null::smallint as hour'}, bucket, count(*) as n from m where bucket is not null group by 1, 2, 3
    ), hist as (
      select day, hour, jsonb_object_agg(bucket, n) as h from per_bucket group by 1, 2
    ), sums as (
      select day, ${hourly ? 'hour' : 'null::smallint as hour'}, count(distinct conversation_id) filter (where author = 'customer') as chats,
             count(*) filter (where author = 'customer') as cm, count(*) filter (where author = 'assistant') as am,
             count(latency_ms) as rc, coalesce(sum(latency_ms), 0) as rs, sum(cost_micros) as cost
      from m group by 1, 2
    )
    select $1::uuid, s.day, ${hourly ? 's.hour, ' : ''}$3::uuid, 'api', false, s.chats, s.cm, s.am, s.cm, s.am, s.rc, s.rs, coalesce(h.h, '{}'), s.cost
    from sums s left join hist h on h.day = s.day and h.hour is not distinct from s.hour`;
  await pg.query(`insert into metrics_rollups (${rollupColumns.replace('day,', 'day, hour,')}) ${rollupSelect(true)}`, [tenantId, JSON.stringify(buckets), assistantId]);
  await pg.query(`insert into metrics_daily (${rollupColumns}) ${rollupSelect(false)}`, [tenantId, JSON.stringify(buckets), assistantId]);
  for (const table of ['messages', 'conversations', 'metrics_rollups', 'metrics_daily']) await pg.query(`vacuum analyze ${table}`);
  console.log(`\nLoaded ${ROWS} messages in ${conversationCount} conversations over ${DAYS} days with COPY in ${loadSeconds.toFixed(1)} s (${Math.round(ROWS / loadSeconds)} rows/s, search vectors included)`);

  // 2. Metrics from the read-model.
  const from = new Date(START).toISOString().slice(0, 10);
  const to = new Date(START + DAYS * DAY_MS).toISOString().slice(0, 10);
  const metricsPaths = [`/api/v1/metrics?from=${from}&to=${to}`, `/api/v1/metrics?from=${from}&to=${to}&groupBy=day`, `/api/v1/metrics?from=${from}&to=${to}&groupBy=channel`];
  await timeRequests(server.url, apiKey, metricsPaths, 3);
  const metricsTimes = await timeRequests(server.url, apiKey, metricsPaths, 70);

  // 3. Projection lag at 200 customer messages a second for 15 s: each event is its own commit, as in production.
  const lags: number[] = [];
  const pending = new Map<number, number>();
  const writer = new Client({ connectionString: server.db.url });
  await writer.connect();
  const watch = setInterval(async () => {
    const { rows: [row] } = await pg.query<{ last: string }>("select last_event_id::text as last from projection_checkpoints where name = 'metrics'");
    const now = performance.now();
    for (const [id, at] of pending) if (id <= Number(row?.last ?? 0)) (lags.push(now - at), pending.delete(id));
  }, 10);
  const began = performance.now();
  for (let i = 0; i < 200 * 15; i++) {
    const due = began + i * 5;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const conversationId = conversations[i % conversations.length];
    const { rows: [event] } = await writer.query<{ id: string }>(
      `insert into domain_events (tenant_id, aggregate_type, aggregate_id, type, payload) values ($1, 'conversation', $2, 'CustomerMessageReceived', $3::jsonb) returning id`,
      [tenantId, conversationId, JSON.stringify({ conversationId, messageId: randomUUID(), sentAt: new Date().toISOString(), expectsReply: true })],
    );
    pending.set(Number(event.id), performance.now());
  }
  const flowSeconds = (performance.now() - began) / 1000;
  while (pending.size) await new Promise((resolve) => setTimeout(resolve, 50));
  clearInterval(watch);
  await writer.end();

  // 4. Export against COPY.
  const em = server.app.get(Db).forTenant(tenantId);
  const copySql = inlineStatement(em as never, await exportStatement(em as never, tenantId, 'messages', {}, 'columns'));
  const bundle = existsSync(BUNDLE) && !process.env.IN_PROCESS ? await startBundle(server) : null;
  const target = bundle ?? { url: server.url, pid: process.pid };
  const idleRss = procMemory(target.pid, 'VmRSS');
  let peakRss = idleRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, procMemory(target.pid, 'VmRSS'))), 20);
  const curl = (format: string) => timed('curl', ['-sS', '--fail', '-o', '/dev/null', '-H', `Authorization: Bearer ${apiKey}`, `${target.url}/api/v1/exports/messages?format=${format}`]);
  const copy = () => timed('psql', [server.db.url, '-q', '-c', `\\copy (${copySql}) to stdout with (format csv, header)`]);
  await copy();
  const exportRuns: Record<'copy' | 'csv' | 'jsonl', number[]> = { copy: [], csv: [], jsonl: [] };
  for (let i = 0; i < 2; i++) {
    exportRuns.copy.push(await copy());
    exportRuns.csv.push(await curl('csv'));
    exportRuns.jsonl.push(await curl('jsonl'));
  }
  clearInterval(sampler);
  peakRss = Math.max(peakRss, procMemory(target.pid, 'VmHWM'));
  await bundle?.stop();

  // 5. Search.
  const searches: Record<string, string[]> = {
    'rare (an order number, 1 hit)': ['A-100123', 'A-123456', 'A-150001', 'A-199999'].map((w) => `q=${w}`),
    'medium (~0.1% of messages)': MEDIUM.slice(0, 4).map((w) => `q=${encodeURIComponent(w)}`),
    'common (~3% of messages)': ['Bestellungen', 'orders', 'Lieferung', 'Grüsse'].map((w) => `q=${encodeURIComponent(w)}`),
    'phrase': ['"Paket heute"', '"refund soon"'].map((w) => `q=${encodeURIComponent(w)}`),
    'two words': ['Rechnung Gutschein', 'Reklamation Umtausch'].map((w) => `q=${encodeURIComponent(w)}`),
  };
  const searchTimes: Record<string, number[]> = {};
  for (const [label, queries] of Object.entries(searches)) {
    const paths = queries.map((q) => `/api/v1/conversations?limit=50&${q}`);
    await timeRequests(server.url, apiKey, paths, 1);
    searchTimes[label] = await timeRequests(server.url, apiKey, paths, Math.ceil(60 / paths.length));
  }
  const [{ size }] = (await pg.query<{ size: string }>(`select pg_size_pretty(pg_relation_size('messages_search_idx')) as size`)).rows;
  await pg.end();

  const best = (xs: number[]) => Math.min(...xs);
  const mb = (b: number) => Math.round(b / 1_048_576);
  const metricsP95 = p95(metricsTimes);
  const lagP99 = pct(lags, 99);
  console.log('\nfigure                                            measured        goal       verdict');
  console.log(`metrics, 30 days, HTTP p95 (p50)                  ${ms(metricsP95).padEnd(9)} (${ms(pct(metricsTimes, 50))})  <= 10 ms   ${verdict(metricsP95 <= 10)}`);
  console.log(`projection lag p99 (p50) at ${Math.round(lags.length / flowSeconds)} events/s              ${ms(lagP99).padEnd(9)} (${ms(pct(lags, 50))})  <= 2000 ms ${verdict(lagP99 <= 2000)}`);
  console.log(`COPY (same statement) TO STDOUT                   ${best(exportRuns.copy).toFixed(2)} s  (${Math.round(ROWS / best(exportRuns.copy) / 1000)}k rows/s)`);
  for (const format of ['csv', 'jsonl'] as const) {
    const ratio = best(exportRuns.copy) / best(exportRuns[format]);
    console.log(`export ${format.padEnd(5)} over HTTP, ratio to COPY          ${ratio.toFixed(2)}x (${best(exportRuns[format]).toFixed(2)} s)   >= 0.5x    ${verdict(ratio >= 0.5)}`);
  }
  console.log(`${bundle ? 'server process' : 'bench process (server inside)'} RSS while exporting         peak ${mb(peakRss)} MB (idle ${mb(idleRss)})  <= 256 MB  ${verdict(mb(peakRss) <= 256)}`);
  for (const [label, times] of Object.entries(searchTimes)) {
    console.log(`q ${label.padEnd(32)} p95 (p50)   ${ms(p95(times)).padEnd(9)} (${ms(pct(times, 50))})  <= 50 ms   ${verdict(p95(times) <= 50)}`);
  }
  console.log(`search index size: ${size}`);
  // KEEP_DB=1 leaves the loaded database behind for EXPLAIN ANALYZE (drop it by hand afterwards).
  if (process.env.KEEP_DB) console.log(`database kept: ${server.db.url}`);
  else await server.close();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
