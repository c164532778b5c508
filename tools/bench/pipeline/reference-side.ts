import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { adminQuery, askSql, databaseUrl, deleteRedisKeys, logTail, REDIS_URL, spawnServer, stopProcess, type RunningSide } from './side';
import type { ModelServer } from './model-server';
import type { SendLog } from './send-log';

/** The bare reference (reference-main.ts) on a fresh database, Redis under a private key, the same kind of fakes. */
export async function startReference(model: ModelServer, sendLog: SendLog, workDir: string): Promise<RunningSide> {
  const tag = randomBytes(4).toString('hex');
  const database = `confab_bench_r_${tag}`;
  const queueKey = `confab-bench-ref-${tag}:replies`;
  await adminQuery(`create database "${database}"`);
  const logFile = join(workDir, `reference-${tag}.log`);
  const child = spawnServer(
    join(__dirname, 'reference-main.ts'),
    { PORT: '0', DATABASE_URL: databaseUrl(database), REDIS_URL, QUEUE_KEY: queueKey, OPENAI_BASE_URL: model.url, GRAPH_URL: sendLog.url },
    logFile,
    'pipe',
  );
  const cleanup = async () => {
    await stopProcess(child);
    await adminQuery(`drop database if exists "${database}" with (force)`);
    await deleteRedisKeys(queueKey);
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let buffered = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const line = buffered.split('\n').find((l) => l.includes('"ready"'));
        if (line) resolve(JSON.parse(line).ready);
      });
      child.once('exit', (code) => reject(new Error(`the reference exited (${code}):\n${logTail(logFile)}`)));
    });
    return {
      name: 'reference',
      webhookUrl: `http://127.0.0.1:${port}/webhooks/whatsapp/reference`,
      pid: child.pid!,
      database,
      model,
      sendLog,
      sql: () => askSql(child),
      stop: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
