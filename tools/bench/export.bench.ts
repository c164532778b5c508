/**
 * Export speed and memory: the messages export over HTTP (CSV and JSON Lines) against PostgreSQL's own
 * `COPY (the same statement) TO STDOUT` in the same run, with the server's peak RSS while exporting. Both sides
 * are read by an outside client (psql, curl) writing to /dev/null, so the bench process is only the server.
 * Prints ratios: absolute numbers on this machine move ~2x between hours, ratios hold.
 *
 * The exports are served by the production bundle (dist/apps/server/main.js, from `npm run build`) in its own
 * process, so its RSS is the server's alone; without a build the bench says so and uses the in-process test
 * server, whose RSS also holds the TypeScript loader, the loader's data and this script.
 *
 *   npm run bench:export            (ROWS=1000000 for the full million; default 200000)
 */
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Db } from '@confab/persistence';
import { exportStatement } from '@confab/exports';
import { createTenant } from '../../apps/server/test/support/api-client';
import { startTestServer, type TestServer } from '../../apps/server/test/support/test-server';
import { BUNDLE, procMemory, startBundle, timed } from './bench-process';

const ROWS = Number(process.env.ROWS ?? 200_000);
const PER_CONVERSATION = 50;
const RSS_LIMIT_MB = 256;

const WORDS = ['Hallo', 'order', 'Bestellung', 'delivery', 'tomorrow', 'Grüße', 'price,', '"quoted"', 'Rückgabe;', 'thanks', 'when', 'open', 'Öffnungszeiten', 'emoji 👋'];

function sentence(i: number): string {
  const n = 8 + (i % 17);
  let s = '';
  for (let k = 0; k < n; k++) s += (k ? ' ' : '') + WORDS[(i * 7 + k * 3) % WORDS.length];
  return i % 997 === 0 ? `=${s}` : i % 101 === 0 ? `${s}\nsecond line` : s;
}

/** Messages as CSV for COPY FROM STDIN, written with back-pressure so the loader itself stays small. */
async function writeMessages(stdin: NodeJS.WritableStream, tenantId: string, connectionId: string, conversations: string[]): Promise<void> {
  const base = Date.parse('2026-11-01T00:00:00Z');
  let buffer = '';
  for (let i = 0; i < ROWS; i++) {
    const conversation = conversations[Math.floor(i / PER_CONVERSATION)];
    const customer = i % 2 === 0;
    const text = `"${sentence(i).replace(/"/g, '""')}"`;
    const usage = customer ? '' : `"{""model"": ""gpt-4o-mini"", ""llmCalls"": 1, ""promptTokens"": ${400 + (i % 300)}, ""cachedTokens"": 0, ""completionTokens"": ${20 + (i % 80)}}"`;
    const at = new Date(base + i * 2_500).toISOString();
    buffer += `${randomUUID()},${tenantId},${conversation},${connectionId},${customer ? 'inbound' : 'outbound'},${customer ? 'customer' : 'assistant'},${text},${customer ? '' : 'delivered'},${usage},${customer ? 0 : 150 + (i % 900)},${customer ? '' : 800 + (i % 1500)},${at}\n`;
    if (buffer.length > 1 << 20) {
      if (!stdin.write(buffer)) await once(stdin, 'drain');
      buffer = '';
    }
  }
  stdin.write(buffer);
}

async function main() {
  const server = await startTestServer({ openai: null });
  const { id: tenantId, api, apiKey } = await createTenant(server.url, server.platformKey, 'bench');
  const assistantId = (await api.post('/api/v1/assistants', { name: 'bench', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
  const connectionId = (await api.post('/api/v1/channels', { type: 'api', assistantId, config: {} })).body.id;

  const pg = new Client({ connectionString: server.db.url });
  await pg.connect();
  const conversationCount = Math.ceil(ROWS / PER_CONVERSATION);
  const { rows } = await pg.query<{ id: string }>(
    `with customers as (
       insert into customers (id, tenant_id, display_name, created_at)
       select gen_random_uuid(), $1, 'Kunde ' || g, now() from generate_series(1, $4::int) g returning id
     )
     insert into conversations (id, tenant_id, channel, connection_id, assistant_id, customer_id, customer_identifier, customer_name, message_count, total_cost_micros, created_at, last_message_at)
     select gen_random_uuid(), $1, 'api', $2, $3, id, 'cust-' || row_number() over (), 'Kunde', ${PER_CONVERSATION}, 12345, now(), now() from customers
     returning id`,
    [tenantId, connectionId, assistantId, conversationCount],
  );
  const conversations = rows.map((r) => r.id);
  const loadSeconds = await timed('psql', [server.db.url, '-q', '-c', '\\copy messages (id, tenant_id, conversation_id, connection_id, direction, author, text, delivery_status, usage, cost_micros, latency_ms, created_at) from stdin with (format csv)'], (stdin) =>
    writeMessages(stdin, tenantId, connectionId, conversations),
  );
  await pg.query('vacuum analyze messages');
  await pg.query('vacuum analyze conversations');
  console.log(`\nLoaded ${ROWS} messages in ${conversationCount} conversations with COPY in ${loadSeconds.toFixed(1)} s`);

  // The baseline: PostgreSQL writing the export's own statement as CSV, with no application in between.
  const em = server.app.get(Db).forTenant(tenantId);
  const statement = await exportStatement(em, tenantId, 'messages', {}, 'columns');
  const sql = em.getPlatform().formatQuery(statement.sql, statement.params as unknown[]);

  const bundle = existsSync(BUNDLE) && !process.env.IN_PROCESS ? await startBundle(server) : null;
  const target = bundle ?? { url: server.url, pid: process.pid };
  if (!bundle) console.log(`(${BUNDLE} not found: run \`npm run build\` to measure the production server in its own process; using the in-process test server)`);
  const rss = () => procMemory(target.pid, 'VmRSS');
  const idleRss = rss();
  let peakRss = idleRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rss())), 20);
  const curl = (format: string) => timed('curl', ['-sS', '--fail', '-o', '/dev/null', '-H', `Authorization: Bearer ${apiKey}`, `${target.url}/api/v1/exports/messages?format=${format}`]);
  const copy = () => timed('psql', [server.db.url, '-q', '-c', `\\copy (${sql}) to stdout with (format csv, header)`]);

  // Warm both paths once (plans, caches), then alternate so load drifts on the machine hit both alike.
  await copy();
  await curl('csv');
  const runs: Record<'copy' | 'csv' | 'jsonl', number[]> = { copy: [], csv: [], jsonl: [] };
  for (let i = 0; i < 3; i++) {
    runs.copy.push(await copy());
    runs.csv.push(await curl('csv'));
    runs.jsonl.push(await curl('jsonl'));
  }
  clearInterval(sampler);
  peakRss = Math.max(peakRss, procMemory(target.pid, 'VmHWM'));
  await pg.end();

  const best = (xs: number[]) => Math.min(...xs);
  const rate = (s: number) => `${Math.round(ROWS / s / 1000)}k rows/s`.padStart(14);
  console.log('                                   best of 3       speed    ratio to COPY');
  console.log(`COPY (same statement) TO STDOUT    ${best(runs.copy).toFixed(2).padStart(7)} s  ${rate(best(runs.copy))}`);
  for (const format of ['csv', 'jsonl'] as const) {
    const ratio = best(runs.copy) / best(runs[format]);
    console.log(`export ${format.padEnd(5)} over HTTP           ${best(runs[format]).toFixed(2).padStart(7)} s  ${rate(best(runs[format]))}    ${ratio.toFixed(2)}x ${ratio >= 0.5 ? '(>= 0.5x: ok)' : '(BELOW 0.5x)'}`);
  }
  const mb = (b: number) => Math.round(b / 1_048_576);
  console.log(`${bundle ? 'server process' : 'bench process (server in it)'} RSS: ${mb(idleRss)} MB idle, peak ${mb(peakRss)} MB while exporting (limit ${RSS_LIMIT_MB} MB: ${mb(peakRss) <= RSS_LIMIT_MB ? 'ok' : 'OVER'})`);
  await bundle?.stop();
  await server.close();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
