import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { Client } from 'pg';
import { apiError, eventually, queryDatabase, startFakeGraph, text, type FakeGraph } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { killHard } from './support/spawn-worker';
import { startTestServer, type TestServer } from './support/test-server';
import { connectWhatsApp } from './support/whatsapp-helpers';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text exposition format, as prom-client writes it: `name{label="value",...} number` per line. */
function parseExposition(body: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of body.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`Not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key] = raw.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const METRICS_TOKEN = 'prometheus-scraper-token-0123456789';

/**
 * GET /metrics end to end: a test chat answered, a model call that fails, a WhatsApp reply Graph refuses, then the
 * scrape parsed back and checked for every confab_ metric, its labels and its counts.
 */
describe('Prometheus metrics (GET /metrics)', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let api: ApiClient;
  let assistantId: string;
  let chatId: string;

  const scrape = async (token: string): Promise<Sample[]> => {
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return parseExposition(await res.text());
  };
  const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  const valueOf = (samples: Sample[], name: string, labels: Record<string, string> = {}) => {
    const found = find(samples, name, labels);
    expect(found).toHaveLength(1);
    return found[0].value;
  };

  beforeAll(async () => {
    server = await startTestServer({
      metricsToken: METRICS_TOKEN,
      conversations: { replyAttempts: 2, replyBackoffMs: 30, replyAttemptTimeoutMs: 1_500, sendAttempts: 2, sendBackoffMs: 30 },
    });
    graph = await startFakeGraph();
    ({ api } = await createTenant(server.url, server.platformKey, 'Bakery'));
    assistantId = (await api.post('/api/v1/assistants', { name: 'Bakery', systemPrompt: 'You sell bread.', model: 'gpt-4o-mini' })).body.id;

    // A test chat answered by the model.
    server.openai.enqueue(text('Fresh rye until 6 pm.'));
    chatId = (await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id;
    await api.post(`/api/v1/conversations/${chatId}/messages`, { text: 'rye bread today?' });
    await eventually(async () => {
      const c = (await api.get(`/api/v1/conversations/${chatId}`)).body;
      expect(c.messages[0].replyState).toBe('answered');
    });

    // A model call refused with 400 (not retried): the fallback answers.
    server.openai.enqueue(apiError(400, { message: 'context too long', code: 'context_length_exceeded' }));
    await api.post(`/api/v1/conversations/${chatId}/messages`, { text: 'and a very long question' });
    await eventually(async () => {
      const c = (await api.get(`/api/v1/conversations/${chatId}`)).body;
      expect(c.messages.find((m: any) => m.text === 'and a very long question')?.replyState).toBe('failed');
    });

    // A model call that never answers: the attempt is cut off after replyAttemptTimeoutMs, the retry answers.
    server.openai.enqueue({ kind: 'hang' }, text('Sorry for the wait: yes.'));
    await api.post(`/api/v1/conversations/${chatId}/messages`, { text: 'still there?' });
    await eventually(async () => {
      const c = (await api.get(`/api/v1/conversations/${chatId}`)).body;
      expect(c.messages.find((m: any) => m.text === 'still there?')?.replyState).toBe('answered');
    }, { timeoutMs: 10_000 });

    // A WhatsApp reply that Graph refuses with 131026 (undeliverable).
    const channelId = (await connectWhatsApp(api, assistantId, graph.url)).id;
    graph.setWebhookTarget(`${server.url}/webhooks/whatsapp/${channelId}`);
    server.openai.enqueue(text('Your order is ready.'));
    graph.failNext({ code: 131026 });
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000201', text: 'Is my order ready?' }));
    await eventually(async () => {
      const list = await api.get('/api/v1/conversations?channel=whatsapp&customer=4915100000201');
      const c = (await api.get(`/api/v1/conversations/${list.body.items[0]?.id}`)).body;
      expect(c.messages.find((m: any) => m.author === 'assistant')?.deliveryStatus).toBe('failed');
    });
  });
  afterAll(async () => {
    await graph?.close();
    await server?.close();
  });

  it('answers 401 without a bearer token or with a wrong one, 200 with METRICS_TOKEN or the platform admin key', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(401);
    // A tenant's own API key opens the tenant's API, not the installation's metrics.
    const tenant = await createTenant(server.url, server.platformKey, 'Other');
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${tenant.apiKey}` } })).status).toBe(401);
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    const body = await res.text();
    // Declared even before anything was counted; the rate-limit counter lives in the same registry.
    for (const name of ['confab_rate_limited_total', 'confab_model_errors_total', 'confab_deliveries_failed_total']) expect(body).toContain(`# TYPE ${name} counter`);
    expect(find(await scrape(server.platformKey), 'process_cpu_user_seconds_total')).toHaveLength(1);
  });

  it('times HTTP requests by route pattern, never by the raw URL', async () => {
    await api.get(`/api/v1/conversations/${chatId}`);
    await api.get(`/api/v1/conversations/00000000-0000-4000-8000-000000000000`);
    await api.get('/no/such/route/4915100000201');
    const samples = await scrape(METRICS_TOKEN);
    const counts = find(samples, 'confab_http_request_duration_seconds_count');
    expect(valueOf(samples, 'confab_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/conversations/:id', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'confab_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/conversations/:id', status: '404' })).toBe(1);
    expect(valueOf(samples, 'confab_http_request_duration_seconds_count', { method: 'POST', route: '/webhooks/whatsapp/:connectionId', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'confab_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(find(samples, 'confab_http_request_duration_seconds_bucket', { route: '/api/v1/conversations/:id', status: '200', le: '+Inf' })).toHaveLength(1);
    // No label anywhere carries an id, a phone number or a key.
    for (const s of counts) {
      expect(s.labels.route).not.toMatch(UUID);
      expect(s.labels.route).not.toMatch(/\d{6,}|cfb_/);
    }
  });

  it('measures reply and model latency, counts model errors by kind and failed deliveries by channel and code', async () => {
    const samples = await scrape(server.platformKey);
    // The test chat's two answers; the fallback after the 400 is no AI reply and is not measured.
    expect(valueOf(samples, 'confab_reply_latency_seconds_count', { channel: 'test' })).toBe(2);
    // The answer after the timed-out attempt came more than the attempt's 1.5 s after its message.
    expect(valueOf(samples, 'confab_reply_latency_seconds_sum', { channel: 'test' })).toBeGreaterThanOrEqual(1.5);
    expect(valueOf(samples, 'confab_reply_latency_seconds_bucket', { channel: 'test', le: '1' })).toBeLessThan(2);
    expect(valueOf(samples, 'confab_reply_latency_seconds_count', { channel: 'whatsapp' })).toBe(1);
    // Five model calls: the chat's answer, the refused one, the one cut off, its retry, the WhatsApp answer.
    expect(valueOf(samples, 'confab_model_latency_seconds_count', { model: 'gpt-4o-mini' })).toBe(5);
    expect(valueOf(samples, 'confab_model_latency_seconds_bucket', { model: 'gpt-4o-mini', le: '+Inf' })).toBe(5);
    // The cut-off call is timed with its 1.5 s; the four quick ones usually fall under 1 s, though a cold call on a
    // busy CI machine may not, so only the cut-off one is pinned down.
    expect(valueOf(samples, 'confab_model_latency_seconds_bucket', { model: 'gpt-4o-mini', le: '1' })).toBeLessThanOrEqual(4);
    expect(valueOf(samples, 'confab_model_latency_seconds_sum', { model: 'gpt-4o-mini' })).toBeGreaterThanOrEqual(1.5);
    expect(valueOf(samples, 'confab_model_errors_total', { kind: 'bad_request' })).toBe(1);
    expect(valueOf(samples, 'confab_model_errors_total', { kind: 'timeout' })).toBe(1);
    expect(find(samples, 'confab_model_errors_total').map((s) => s.labels.kind).sort()).toEqual(['bad_request', 'timeout']);
    expect(valueOf(samples, 'confab_deliveries_failed_total', { channel: 'whatsapp', code: '131026' })).toBe(1);
  });

  it('reports jobs per queue and state, read on scrape', async () => {
    const queue = server.app.get<Queue>(getQueueToken('ai-reply'));
    const job = await queue.add({ tenantId: '00000000-0000-4000-8000-000000000000', conversationId: '00000000-0000-4000-8000-000000000000' }, { delay: 600_000 });
    try {
      const samples = await eventually(async () => {
        const s = await scrape(METRICS_TOKEN);
        expect(valueOf(s, 'confab_queue_jobs', { queue: 'ai-reply', state: 'delayed' })).toBe(1);
        return s;
      });
      const queues = new Set(find(samples, 'confab_queue_jobs').map((s) => s.labels.queue));
      expect([...queues]).toEqual(expect.arrayContaining(['ai-reply', 'outbound-send', 'webhook-delivery', 'knowledge-ingest', 'follow-ups', 'auto-resume']));
      for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(find(samples, 'confab_queue_jobs', { queue: 'outbound-send', state })).toHaveLength(1);
    } finally {
      await job.remove();
    }
  });

  it('reports the outbox and projection lag: the age of the oldest event each has not handled yet', async () => {
    // A writing transaction left open holds the projector back (it never reads past one), and an event nothing
    // can handle keeps the relay retrying: a committed event written 90 s ago is then behind both.
    const open = new Client({ connectionString: server.db.url });
    await open.connect();
    try {
      await open.query('begin');
      await open.query('select pg_current_xact_id()');
      const [probe] = await queryDatabase<{ id: string }>(server.db.url,
        `insert into domain_events (tenant_id, aggregate_type, aggregate_id, type, payload, occurred_at)
         values (gen_random_uuid(), 'Probe', gen_random_uuid(), 'PrometheusLagProbe', '{}', now() - interval '90 seconds') returning id::text`);
      const behind = await eventually(async () => {
        const samples = await scrape(METRICS_TOKEN);
        expect(valueOf(samples, 'confab_outbox_lag_seconds')).toBeGreaterThanOrEqual(90);
        expect(valueOf(samples, 'confab_projection_lag_seconds')).toBeGreaterThanOrEqual(90);
        return samples;
      }, { timeoutMs: 20_000 });
      expect(valueOf(behind, 'confab_outbox_lag_seconds')).toBeLessThan(120);
      await open.query('rollback');
      await queryDatabase(server.db.url, 'delete from outbox where event_id = $1', [probe.id]);
      await queryDatabase(server.db.url, 'delete from domain_events where id = $1', [probe.id]);
    } finally {
      await open.end();
    }
    // Both catch up again.
    await eventually(async () => {
      const samples = await scrape(METRICS_TOKEN);
      expect(valueOf(samples, 'confab_outbox_lag_seconds')).toBeLessThan(5);
      expect(valueOf(samples, 'confab_projection_lag_seconds')).toBeLessThan(5);
    }, { timeoutMs: 20_000 });
  });
});

/**
 * Replies, model calls and sends happen in the workers: a worker started by `npm start` with ROLE=worker serves
 * GET /metrics on METRICS_PORT. Its standard output is a pipe here, so with LOG_FORMAT unset it logs JSON.
 */
describe('a worker process (ROLE=worker) with METRICS_PORT', () => {
  let server: TestServer;
  let worker: ChildProcess | undefined;
  const output: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'confab-worker-metrics-'));

  beforeAll(async () => {
    server = await startTestServer({ role: 'api' });
  });
  afterAll(async () => {
    if (worker) await killHard(worker);
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves what its jobs recorded, and logs one JSON object per line when not at a terminal', async () => {
    const port = await freePort();
    worker = await startMain({
      ROLE: 'worker', PORT: '0', METRICS_PORT: String(port), DATA_DIR: dataDir,
      DATABASE_URL: server.config.databaseUrl, REDIS_URL: server.config.redisUrl, QUEUE_PREFIX: server.config.queuePrefix,
      OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.openai.url, REPLY_DEBOUNCE_MS: '0',
      PLATFORM_ADMIN_KEY: server.platformKey, SECRETS_KEY: server.config.secretsKey.toString('hex'), METRICS_TOKEN,
    }, output);
    const { api } = await createTenant(server.url, server.platformKey);
    const assistantId = (await api.post('/api/v1/assistants', { name: 'S', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    const chat = (await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id;
    server.openai.enqueue(text('From the worker.'));
    await api.post(`/api/v1/conversations/${chat}/messages`, { text: 'hello' });

    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
    await eventually(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      const samples = parseExposition(await res.text());
      expect(samples.find((s) => s.name === 'confab_reply_latency_seconds_count' && s.labels.channel === 'test')?.value).toBe(1);
      expect(samples.find((s) => s.name === 'confab_model_latency_seconds_count' && s.labels.model === 'gpt-4o-mini')?.value).toBe(1);
    }, { timeoutMs: 20_000 });

    const lines = output.join('').split('\n').filter((l) => l.trim());
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  }, 120_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** `npm start`'s entry point (main.ts through swc) with only the given environment; resolves once it is ready. */
async function startMain(env: Record<string, string>, stdout: string[]): Promise<ChildProcess> {
  const root = join(__dirname, '../../..');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(root, 'apps/server/src/main.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_OPTIONS: '', SWC_NODE_PROJECT: join(root, 'apps/server/tsconfig.app.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`main.ts did not get ready: ${stdout.join('')} ${stderr}`)), 90_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout.push(chunk.toString());
      if (stdout.join('').includes('Confab is ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`main.ts exited with ${code}: ${stderr}`));
    });
  });
  return child;
}
