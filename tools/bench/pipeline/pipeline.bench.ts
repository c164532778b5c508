/**
 * The platform's WhatsApp message path side by side with a bare reference doing the same essential work (raw-body
 * HMAC check, JSON parse, one transaction storing the deduplicated message with an event row, a Redis enqueue; a
 * worker calling the model through the openai SDK and posting the reply to the Graph API). Both run as real server
 * processes on the machine's PostgreSQL and Redis against loopback fakes; measures alternate between the sides in
 * every round, each group of measures on a freshly started server and database. Prints min / median / max over
 * rounds and the ratio platform / reference: absolute numbers on a shared 2-core machine move, ratios hold better.
 *
 *   npm run bench:pipeline            (settings: tools/bench/pipeline/options.ts; docs/benchmarks.md)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { adminDatabaseUrl } from '@confab/testing';
import { migrate } from '../../../apps/server/src/create-app';
import { measureP1, measureP2, measureP3, measureP4, warmUp, type Metrics } from './measures';
import { startModelServer, type ModelServer } from './model-server';
import { options } from './options';
import { ensurePlatformBuilt, startPlatform } from './platform-side';
import { rssByProcess, rssMetrics } from './proc-stats';
import { startReference } from './reference-side';
import { renderReport } from './report';
import { SendLog } from './send-log';
import { adminQuery, databaseUrl, type RunningSide, type SideName } from './side';

interface Fakes {
  model: ModelServer;
  sendLog: SendLog;
}

const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

function merge(into: Metrics, from: Metrics): void {
  for (const [key, value] of Object.entries(from)) into[key] = key.startsWith('rss') ? Math.max(into[key] ?? 0, value) : value;
}

async function main(): Promise<void> {
  const began = Date.now();
  const workDir = mkdtempSync(join(tmpdir(), 'confab-bench-'));
  const admin = new Pool({ connectionString: adminDatabaseUrl(), max: 2 });
  let failed = false;
  const template = `confab_bench_tpl_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database "${template}"`);
  const fakes: Record<SideName, Fakes> = {
    platform: { model: await startModelServer(), sendLog: await SendLog.start() },
    reference: { model: await startModelServer(), sendLog: await SendLog.start() },
  };
  try {
    ensurePlatformBuilt();
    log(`migrating the template database ${template}`);
    await migrate(databaseUrl(template));
    const start = (name: SideName): Promise<RunningSide> => {
      const { model, sendLog } = fakes[name];
      sendLog.clear();
      model.clear();
      model.setLatency(0);
      return name === 'platform' ? startPlatform(template, model, sendLog, workDir) : startReference(model, sendLog, workDir);
    };
    /** Starts a side, warms it up, runs `body`, stops it: every group of measures begins on a clean server. */
    const group = async (name: SideName, metrics: Metrics, body: (side: RunningSide) => Promise<Metrics>) => {
      const startedAt = Date.now();
      const side = await start(name);
      log(`  ${name} ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      try {
        await warmUp(side);
        if (metrics.rssStart === undefined) Object.assign(metrics, rssMetrics(rssByProcess(side.pid), 'Start'));
        merge(metrics, await body(side));
      } finally {
        await side.stop();
      }
    };

    const rounds: Array<Record<SideName, Metrics>> = [];
    for (let round = 1; round <= options.rounds; round++) {
      const order: SideName[] = round % 2 ? ['reference', 'platform'] : ['platform', 'reference'];
      const metrics: Record<SideName, Metrics> = { platform: {}, reference: {} };
      const wanted = (measure: string) => options.measures.has(measure);
      if (wanted('p1')) {
        for (const name of order) {
          log(`round ${round}: P1 ${name}`);
          await group(name, metrics[name], (side) => measureP1(side));
        }
      }
      const p3Rate = options.p3Rate || (metrics.platform.p1 ? Math.max(5, Math.round(metrics.platform.p1 / 2)) : 20);
      if (wanted('p3') || wanted('p2')) {
        for (const name of order) {
          log(`round ${round}: ${wanted('p3') ? `P3 at ${p3Rate} msg/s` : ''}${wanted('p3') && wanted('p2') ? ', then ' : ''}${wanted('p2') ? 'P2' : ''}, ${name}`);
          await group(name, metrics[name], async (side) => ({
            ...(wanted('p3') ? await measureP3(side, admin, p3Rate) : {}),
            ...(wanted('p2') ? await measureP2(side) : {}),
          }));
        }
      }
      if (wanted('p4')) {
        for (const [minMs, maxMs, key] of [[1000, 1000, 'p4fixed'], [1000, 4000, 'p4jitter']] as const) {
          for (const name of order) {
            log(`round ${round}: P4 ${minMs === maxMs ? `${minMs} ms` : `${minMs}-${maxMs} ms`} model, ${name}`);
            await group(name, metrics[name], (side) => measureP4(side, admin, minMs, maxMs, key));
          }
        }
      }
      rounds.push(metrics);
      log(`round ${round} done: ${JSON.stringify(metrics)}`);
    }
    const load = (await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ');
    console.log(`\nPipeline benchmark: ${options.rounds} round(s), ${((Date.now() - began) / 60000).toFixed(1)} min, load average ${load}`);
    console.log(`platform REPLY_DEBOUNCE_MS=${options.platformDebounceMs ?? 'default'}; P3/P10 at half the platform's P1 of each round\n`);
    console.log(renderReport(rounds));
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    await Promise.all([fakes.platform.model.close(), fakes.reference.model.close(), fakes.platform.sendLog.close(), fakes.reference.sendLog.close()]);
    await adminQuery(`drop database if exists "${template}" with (force)`);
    await admin.end();
    // Server logs are kept when something broke, to read why.
    if (failed || process.env.BENCH_KEEP_LOGS) log(`server logs kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
