import { Agent, request } from 'node:http';
import type Redis from 'ioredis';
import OpenAI from 'openai';
import type { Pool } from 'pg';
import type { ReferenceJob } from './reference-server';

export interface ReferenceWorkerDeps {
  pool: Pool;
  /** A connection of its own: BRPOP blocks it. */
  redis: Redis;
  queueKey: string;
  modelUrl: string;
  graphUrl: string;
  phoneNumberId: string;
  accessToken: string;
  /** Replies in flight at once (the model's latency times the rate it must keep up with). */
  concurrency: number;
}

/** POSTs JSON over a keep-alive connection and resolves with the parsed answer. */
function postJson(agent: Agent, url: string, token: string, body: object): Promise<any> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 500) >= 300) return reject(new Error(`Graph answered ${res.statusCode}: ${text}`));
        resolve(JSON.parse(text));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * The bare reply worker: pops a job, reads the customer's recent history, calls the model through the openai SDK,
 * sends the answer to the Graph API over keep-alive and stores it. No per-conversation ordering or retries beyond
 * putting a failed job back once: the floor the platform's work is compared with.
 */
export function startReferenceWorker(deps: ReferenceWorkerDeps): { stop(): Promise<void> } {
  const { pool, redis, queueKey } = deps;
  const openai = new OpenAI({ apiKey: 'sk-bench', baseURL: deps.modelUrl, maxRetries: 0, timeout: 60_000 });
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const sendUrl = `${deps.graphUrl}/v25.0/${deps.phoneNumberId}/messages`;
  let inFlight = 0;
  let stopped = false;
  let slotFreed: (() => void) | undefined;

  async function reply(job: ReferenceJob): Promise<void> {
    const history = await pool.query<{ direction: string; body: string }>(
      'select direction, body from ref_messages where customer = $1 and id <= $2 order by id desc limit 20',
      [job.customer, job.id],
    );
    const messages = history.rows.reverse().map((m) => ({ role: m.direction === 'in' ? ('user' as const) : ('assistant' as const), content: m.body }));
    const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Answer briefly.' }, ...messages] });
    const text = completion.choices[0]?.message.content ?? '';
    const sent = await postJson(agent, sendUrl, deps.accessToken, { messaging_product: 'whatsapp', recipient_type: 'individual', to: job.customer, type: 'text', text: { body: text } });
    await pool.query(`insert into ref_messages (provider_id, customer, direction, body) values ($1, $2, 'out', $3)`, [sent.messages?.[0]?.id ?? null, job.customer, text]);
  }

  function run(raw: string, attempt = 1): void {
    inFlight++;
    const job = JSON.parse(raw) as ReferenceJob;
    reply(job)
      .catch(() => {
        if (attempt < 2 && !stopped) setTimeout(() => run(raw, attempt + 1), 200);
      })
      .finally(() => {
        inFlight--;
        slotFreed?.();
      });
  }

  const loop = (async () => {
    while (!stopped) {
      if (inFlight >= deps.concurrency) {
        await new Promise<void>((resolve) => (slotFreed = resolve));
        slotFreed = undefined;
        continue;
      }
      const popped = await redis.brpop(queueKey, 1).catch(() => null);
      if (!popped) continue;
      run(popped[1]);
      // Take what else is waiting in one round trip, up to the free slots.
      const free = deps.concurrency - inFlight;
      if (free > 0) for (const raw of (await redis.rpop(queueKey, Math.min(free, 100)).catch(() => null)) ?? []) run(raw);
    }
  })();

  return {
    stop: async () => {
      stopped = true;
      slotFreed?.();
      await loop;
      agent.destroy();
    },
  };
}
