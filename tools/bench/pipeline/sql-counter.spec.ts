import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminDatabaseUrl } from '@confab/testing';

/** The statement and commit counts of the report come from this preload; check them on known work. */
describe('pipeline benchmark SQL counter', () => {
  it('counts statements, explicit commits and autocommit statements, and what runs inside a webhook request', async () => {
    const script = `
      const http = require('node:http');
      const { Client } = require('pg');
      (async () => {
        const client = new Client({ connectionString: ${JSON.stringify(adminDatabaseUrl())} });
        await client.connect();
        await client.query('begin'); await client.query('select 1'); await client.query('commit');
        await client.query('select 2');
        const server = http.createServer(async (req, res) => { await client.query('select 3'); res.end(); });
        await new Promise((r) => server.listen(0, '127.0.0.1', r));
        const base = 'http://127.0.0.1:' + server.address().port;
        await fetch(base + '/webhooks/whatsapp/x', { method: 'POST' });
        await fetch(base + '/api/v1/other');
        process.send('ready');
      })();`;
    const dir = mkdtempSync(join(tmpdir(), 'sql-counter-'));
    const child = fork('-e', [script], { execArgv: ['-r', join(__dirname, 'sql-counter.cjs')], cwd: join(__dirname, '../../..'), execPath: process.execPath, env: { ...process.env, BENCH_SQL_DIR: dir } });
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
      });
      const counts = await new Promise<any>((resolve) => {
        child.on('message', (m: any) => m?.sql && resolve(m.sql));
        child.send('bench:sql');
      });
      // begin, select 1, commit, select 2, select 3 (webhook), select 3 (other route)
      expect(counts.total).toEqual({ statements: 6, transactions: 4 });
      expect(counts.webhook).toEqual({ statements: 1, transactions: 1 });
      expect(counts.webhookRequests).toBe(1);
      // Processes without a channel to the benchmark (npm start's workers) are read from their files.
      await new Promise((r) => setTimeout(r, 400));
      expect(JSON.parse(readFileSync(join(dir, `${child.pid}.json`), 'utf8'))).toEqual(counts);
    } finally {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
