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
import { existsSync } from 'node:fs';
import { Db } from '@confab/persistence';
import { exportStatement } from '@confab/exports';
import type { TestServer } from '../../apps/server/test/support/test-server';
import { copyMessages, insertConversations, startBenchTenant } from './bench-messages';
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

async function main() {
  const bench = await startBenchTenant();
  const { server, tenantId, apiKey, pg } = bench;
  const conversationCount = Math.ceil(ROWS / PER_CONVERSATION);
  const conversations = await insertConversations(bench, conversationCount, PER_CONVERSATION, { costMicrosSql: '12345', createdAtSql: 'now()', lastMessageAtSql: 'now()' });
  const base = Date.parse('2026-11-01T00:00:00Z');
  const loadSeconds = await copyMessages(bench, ROWS, (i) => ({
    conversationId: conversations[Math.floor(i / PER_CONVERSATION)],
    customer: i % 2 === 0,
    textCell: `"${sentence(i).replace(/"/g, '""')}"`,
    at: new Date(base + i * 2_500),
    seed: i,
  }));
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
