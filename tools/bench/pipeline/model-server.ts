import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tokensIn } from './tokens';

/**
 * A loopback Chat Completions server for both sides: answers after a fixed or uniformly jittered delay and
 * echoes the tokens of the user messages since the last assistant message. It remembers the delay it applied per
 * token, so overhead = (send - webhook) - model delay holds per message even with jitter.
 */
export interface ModelServer {
  url: string;
  setLatency(minMs: number, maxMs?: number): void;
  /** Model delay of the call that answered this token (the first one, if asked twice). */
  delayOf(token: string): number | undefined;
  calls(): number;
  clear(): void;
  close(): Promise<void>;
}

function userTextSinceLastReply(messages: Array<{ role: string; content: unknown }>): string {
  let start = 0;
  messages.forEach((m, i) => {
    if (m.role === 'assistant') start = i + 1;
  });
  return messages
    .slice(start)
    .filter((m) => m.role === 'user')
    .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)))
    .join(' ');
}

export async function startModelServer(): Promise<ModelServer> {
  let minMs = 0;
  let maxMs = 0;
  let count = 0;
  const delays = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();

  const answer = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    if (req.method === 'GET' && req.url?.startsWith('/v1/models')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', created: 0, owned_by: 'bench' }] }));
    }
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ error: { message: `bench model: no route ${req.method} ${req.url}`, type: 'invalid_request_error' } }));
    }
    count++;
    const body = JSON.parse(raw) as { model: string; messages: Array<{ role: string; content: unknown }> };
    const tokens = tokensIn(userTextSinceLastReply(body.messages));
    const delay = Math.round(minMs + Math.random() * (maxMs - minMs));
    for (const token of tokens) if (!delays.has(token)) delays.set(token, delay);
    const reply = JSON.stringify({
      id: `chatcmpl-bench${count}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: tokens.length ? `Answering ${tokens.join(' ')}` : 'Hello.', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 120, completion_tokens: 12, total_tokens: 132 },
    });
    const send = () => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_bench${count}` });
      res.end(reply);
    };
    if (delay <= 0) return send();
    const timer = setTimeout(() => {
      timers.delete(timer);
      send();
    }, delay);
    timers.add(timer);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        answer(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `bench model: ${String(err)}`, type: 'server_error' } }));
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    setLatency: (min, max = min) => {
      minMs = min;
      maxMs = max;
    },
    delayOf: (token) => delays.get(token),
    calls: () => count,
    clear: () => delays.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
