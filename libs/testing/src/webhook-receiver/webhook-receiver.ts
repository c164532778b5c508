import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: any;
  at: number;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Statuses to answer with, one per request, then `fallbackStatus`; an object adds response headers (Retry-After). */
  script(...statuses: Array<number | ScriptedAnswer>): void;
  fallbackStatus: number;
  close(): Promise<void>;
}

/** A loopback HTTP endpoint that records what the platform posts to it (callbacks, outbound webhooks). */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const queue: Array<number | ScriptedAnswer> = [];
  const received: ReceivedWebhook[] = [];
  const receiver = { received, fallbackStatus: 200 } as WebhookReceiver;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        /* not JSON */
      }
      received.push({ path: req.url ?? '/', headers: req.headers, body, json, at: Date.now() });
      const next = queue.shift() ?? receiver.fallbackStatus;
      const { status, headers } = typeof next === 'number' ? { status: next, headers: {} } : next;
      res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify({ status }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.script = (...statuses) => queue.push(...statuses);
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}
