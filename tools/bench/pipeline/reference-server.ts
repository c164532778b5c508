import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type Redis from 'ioredis';
import type { Pool } from 'pg';

/** One queued reply job: the stored message's row id and its customer. */
export interface ReferenceJob {
  id: string;
  customer: string;
}

interface InboundText {
  providerId: string;
  customer: string;
  text: string;
}

function signatureMatches(raw: Buffer, header: string | undefined, secret: string): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(raw).digest('hex'));
  const given = Buffer.from(header.slice(7).toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function inboundTexts(payload: any): InboundText[] {
  const out: InboundText[] = [];
  for (const entry of payload?.entry ?? []) {
    for (const change of entry?.changes ?? []) {
      for (const m of change?.value?.messages ?? []) {
        if (typeof m?.id === 'string' && typeof m?.from === 'string') out.push({ providerId: m.id, customer: m.from, text: String(m.text?.body ?? '') });
      }
    }
  }
  return out;
}

/**
 * The bare webhook receiver the platform is measured against: raw-body HMAC check, JSON parse, one transaction
 * inserting the message (deduplicated on the provider id) with its event row, then LPUSH of the reply job.
 */
export function createReferenceServer(deps: { pool: Pool; redis: Redis; queueKey: string; appSecret: string }): Server {
  const { pool, redis, queueKey, appSecret } = deps;

  async function store(message: InboundText): Promise<ReferenceJob | null> {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const inserted = await client.query<{ id: string }>(
        `insert into ref_messages (provider_id, customer, direction, body) values ($1, $2, 'in', $3)
         on conflict (provider_id) do nothing returning id`,
        [message.providerId, message.customer, message.text],
      );
      const id = inserted.rows[0]?.id;
      if (id !== undefined) {
        await client.query(`insert into ref_events (message_id, type, payload) values ($1, 'message.received', $2)`, [id, JSON.stringify({ customer: message.customer })]);
      }
      await client.query('commit');
      return id === undefined ? null : { id, customer: message.customer };
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    if (req.method !== 'POST') return void res.writeHead(405).end();
    if (!signatureMatches(raw, req.headers['x-hub-signature-256'] as string | undefined, appSecret)) return void res.writeHead(401).end();
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      return void res.writeHead(400).end();
    }
    let received = 0;
    for (const message of inboundTexts(payload)) {
      const job = await store(message);
      if (job) {
        await redis.lpush(queueKey, JSON.stringify(job));
        received++;
      }
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(`{"received":${received}}`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  return server;
}
