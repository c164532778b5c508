import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeGraph } from './fake-graph.types';

/** Helpers for this folder's specs only; not exported from index.ts. */

export const VERSION = 'v25.0';
export const TOKEN = 'test-access-token';
export const PHONE_ID = '100000000000001';

export interface RawWebhook {
  headers: Record<string, string | string[] | undefined>;
  raw: Buffer;
  json: any;
}

export interface RawReceiver {
  url: string;
  received: RawWebhook[];
  /** The statuses[0] objects of every received status notification, in arrival order. */
  statuses(): any[];
  close(): Promise<void>;
}

/** A webhook endpoint that keeps the exact bytes, so signatures are checked the way the platform must check them. */
export async function startRawReceiver(): Promise<RawReceiver> {
  const received: RawWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      received.push({ headers: req.headers, raw, json: JSON.parse(raw.toString('utf8')) });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('EVENT_RECEIVED');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/whatsapp`,
    received,
    statuses: () =>
      received.flatMap((w) => w.json.entry.flatMap((e: any) => e.changes.flatMap((c: any) => c.value.statuses ?? []))),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Verifies like a careful receiver: HMAC over the raw bytes, constant-time compare. */
export function signatureValid(hook: RawWebhook, secret = 'test-app-secret'): boolean {
  const header = hook.headers['x-hub-signature-256'];
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(hook.raw).digest('hex')}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface GraphAnswer {
  status: number;
  json: any;
  headers: Headers;
}

export async function graph(
  fake: FakeGraph,
  path: string,
  init: { method?: string; body?: unknown; token?: string | null } = {},
): Promise<GraphAnswer> {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? TOKEN : init.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${fake.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? null : JSON.parse(text), headers: res.headers };
}

export const sendMessage = (fake: FakeGraph, body: object, token?: string | null): Promise<GraphAnswer> =>
  graph(fake, `/${VERSION}/${PHONE_ID}/messages`, { body: { messaging_product: 'whatsapp', ...body }, token });

export const sendText = (fake: FakeGraph, to: string, text: string): Promise<GraphAnswer> =>
  sendMessage(fake, { recipient_type: 'individual', to, type: 'text', text: { body: text } });

export const orderUpdate = (to: string, params: string[], name = 'order_update', language = 'en_US'): object => ({
  to,
  type: 'template',
  template: {
    name,
    language: { code: language },
    components: [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }],
  },
});
