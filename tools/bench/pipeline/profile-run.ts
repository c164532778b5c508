// scratch: not committed
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { migrate } from '../../../apps/server/src/create-app';
import { openLoop } from './load';
import { messageFactory } from './messages';
import { waitAnswered, warmUp } from './measures';
import { startModelServer } from './model-server';
import { startPlatform } from './platform-side';
import { processTree, cpuMs, cpuDelta, backendPids } from './proc-stats';
import { SendLog } from './send-log';
import { adminQuery, databaseUrl } from './side';
import { Pool } from 'pg';
import { adminDatabaseUrl } from '@confab/testing';

async function main() {
  const rate = Number(process.env.RATE ?? 80);
  const seconds = Number(process.env.SECS ?? 15);
  const workDir = mkdtempSync(join(tmpdir(), 'confab-prof-'));
  const template = `confab_bench_tpl_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database "${template}"`);
  await migrate(databaseUrl(template));
  const model = await startModelServer();
  const sendLog = await SendLog.start();
  model.setLatency(0);
  if (process.env.PROF_DIR) process.env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${process.env.PROF_DIR}`;
  const side = await startPlatform(template, model, sendLog, workDir);
  delete process.env.NODE_OPTIONS;
  const admin = new Pool({ connectionString: adminDatabaseUrl(), max: 2 });
  try {
    await warmUp(side);
    const pgBefore = cpuMs(await backendPids(admin, side.database));
    const tree = processTree(side.pid);
    const before = tree.map((p) => cpuMs([p]));
    const run = openLoop(side.webhookUrl, rate, seconds, messageFactory(sendLog.graph, 1000));
    const { offered, failed } = await run.result;
    const tokens = offered.map((o) => o.token);
    const t0 = Date.now();
    const answered = await waitAnswered(side, tokens, 60_000);
    const after = tree.map((p) => cpuMs([p]));
    const pgAfter = cpuMs(await backendPids(admin, side.database));
    const lat = offered.map((o) => (sendLog.sentAt(o.token) ?? NaN) - o.webhookAt).filter(Number.isFinite).sort((a, b) => a - b);
    console.log(JSON.stringify({ rate, n: offered.length, failed, answered, drainMs: Date.now() - t0,
      p50: lat[Math.floor(lat.length / 2)], p99: lat[Math.floor(lat.length * 0.99)],
      cpuPerMsg: tree.map((p, i) => `${p}:${(cpuDelta(before[i], after[i]) / offered.length).toFixed(2)}`),
      pgCpuPerMsg: (cpuDelta(pgBefore, pgAfter) / offered.length).toFixed(2) }));
    const stages = await new Pool({ connectionString: databaseUrl(side.database), max: 1 }).query(`
      with s as (select (r.metadata->'trace'->>'turnStartedAt')::timestamptz as started, i.reply_queued_at q, r.created_at as stored, r.sent_at, (r.metadata->>'generationMs')::int as gen, i.created_at t0
        from messages i join messages r on r.id = i.answered_by_message_id where i.direction = 'inbound' and i.reply_queued_at is not null)
      select width_bucket(extract(epoch from t0 - (select min(t0) from s)), 0, 40, 8) as b, count(*),
        round(avg(extract(epoch from started - q))*1000) wait_ms, round(avg(extract(epoch from stored - started))*1000) turn_ms, round(avg(gen)) gen_ms,
        round(avg(extract(epoch from sent_at - stored))*1000) send_ms from s group by 1 order by 1`);
    console.table(stages.rows);
    if (process.env.HOLD) await new Promise((r) => setTimeout(r, Number(process.env.HOLD) * 1000));
  } finally {
    await side.stop();
    await admin.end();
    await model.close();
    await sendLog.close();
    await adminQuery(`drop database if exists "${template}" with (force)`);
  }
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
