import type { ServerResponse } from 'node:http';
import { errorBody, errorHeaders } from './fake-openai.errors';
import type { FakeReply } from './fake-openai.types';
import { readBody } from '../read-body';
export { readBody };

/** Per-server counters, so ids are predictable within one test (chatcmpl-1, call_1, req_1, ...). */
export class IdCounter {
  private readonly counts = new Map<string, number>();

  next(prefix: string, separator = '_'): string {
    const n = (this.counts.get(prefix) ?? 0) + 1;
    this.counts.set(prefix, n);
    return `${prefix}${separator}${n}`;
  }

  reset(): void {
    this.counts.clear();
  }
}

/** Responses carry x-request-id like the real API; the SDK exposes it as `_request_id` / `requestID`. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  // The SDK hands back non-JSON content types as a plain string, so the content type must always be set.
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    'x-request-id': requestId,
    ...headers,
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, reply: Extract<FakeReply, { kind: 'error' }>, requestId: string): void {
  const body = errorBody(reply);
  sendJson(res, reply.status, body, requestId, errorHeaders(reply, body));
}
