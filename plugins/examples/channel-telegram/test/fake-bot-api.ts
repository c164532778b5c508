import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  chatId: string;
  text: string;
  messageId: number;
}

export interface FakeBotApi {
  url: string;
  /** Messages the fake accepted, in order. */
  sent: SentMessage[];
  /** Every sendMessage call, accepted or not. */
  attempts: number;
  /** When each sendMessage call arrived (Date.now()), accepted or not. */
  attemptTimes: number[];
  /** The next sendMessage calls fail: 429 with `parameters.retry_after` of that many seconds, or another error code. */
  failNext(...failures: Array<{ code: number; retryAfter?: number; description?: string }>): void;
  close(): Promise<void>;
}

/** A Telegram Bot API on loopback that knows one bot token and answers sendMessage as Telegram does. */
export async function startFakeBotApi(token: string): Promise<FakeBotApi> {
  const failures: Array<{ code: number; retryAfter?: number; description?: string }> = [];
  let nextId = 100;
  const api: FakeBotApi = {
    url: '',
    sent: [],
    attempts: 0,
    attemptTimes: [],
    failNext: (...more) => failures.push(...more),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const answer = (res: import('node:http').ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== `/bot${token}/sendMessage`) {
        return answer(res, req.url?.startsWith('/bot') ? 401 : 404, { ok: false, error_code: req.url?.startsWith('/bot') ? 401 : 404, description: req.url?.startsWith('/bot') ? 'Unauthorized' : 'Not Found' });
      }
      api.attempts++;
      api.attemptTimes.push(Date.now());
      const failure = failures.shift();
      if (failure) {
        const description = failure.description ?? (failure.code === 429 ? `Too Many Requests: retry after ${failure.retryAfter ?? 1}` : `Error ${failure.code}`);
        return answer(res, failure.code, { ok: false, error_code: failure.code, description, ...(failure.code === 429 ? { parameters: { retry_after: failure.retryAfter ?? 1 } } : {}) });
      }
      const body = JSON.parse(raw) as { chat_id: string | number; text: string };
      if (!body.text) return answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
      const messageId = nextId++;
      api.sent.push({ chatId: String(body.chat_id), text: body.text, messageId });
      answer(res, 200, { ok: true, result: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(body.chat_id), type: 'private' }, text: body.text } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}

/** An update as Telegram posts it for a private text message. */
export function textUpdate(updateId: number, chatId: number, text: string, from = { id: chatId, first_name: 'Ada', last_name: 'Lovelace' }) {
  return { update_id: updateId, message: { message_id: updateId + 1000, date: Math.floor(Date.now() / 1000), text, chat: { id: chatId, type: 'private' }, from } };
}
