import type { ServerResponse } from 'node:http';
import type { FakeQdrantFailure, RecordedQdrantRequest } from './fake-qdrant.types';
import { readBody } from '../read-body';
export { readBody };

export type Outcome =
  | { kind: 'result'; result: unknown }
  | { kind: 'bare'; json: unknown }
  | { kind: 'text'; text: string; status?: number }
  | { kind: 'error'; status: number; error: string; headers?: Record<string, string> };

/** Renders the envelope of lib/api rest models: `result` + `status: "ok"` + `time`, or `status.error` + `time`. */
export function send(res: ServerResponse, outcome: Outcome, startedAt: number): number {
  if (res.headersSent || res.destroyed) return 0;
  const time = (performance.now() - startedAt) / 1000;
  let status = 200;
  let contentType = 'application/json';
  let payload: string;
  const headers: Record<string, string> = {};
  switch (outcome.kind) {
    case 'result':
      payload = JSON.stringify({ result: outcome.result, status: 'ok', time });
      break;
    case 'bare':
      payload = JSON.stringify(outcome.json);
      break;
    case 'text':
      status = outcome.status ?? 200;
      contentType = 'text/plain; charset=utf-8';
      payload = outcome.text;
      break;
    case 'error':
      status = outcome.status;
      Object.assign(headers, outcome.headers);
      payload = JSON.stringify({ status: { error: outcome.error }, time });
      break;
  }
  res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
  return status;
}

/** Matches a recorded path against a prefix segment-wise, so '/collections/kb' does not match '/collections/kb2'. */
export function underPath(path: string, prefix: string): boolean {
  if (path === prefix || prefix === '/') return true;
  const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
  return path.startsWith(base);
}

/** Failures injected with failNext(), consumed in order by the requests they match. */
export class FailureQueue {
  private readonly pending: { remaining: number; spec: FakeQdrantFailure }[] = [];

  add(n: number, spec: FakeQdrantFailure): void {
    if (n > 0) this.pending.push({ remaining: n, spec });
  }

  /** The version probe `GET /` is only failed when a failure names '/' explicitly: the client sends it by itself. */
  take(req: Pick<RecordedQdrantRequest, 'method' | 'path'>): Outcome | undefined {
    const index = this.pending.findIndex(({ spec }) => {
      if (spec.method && spec.method.toUpperCase() !== req.method) return false;
      if (spec.path !== undefined) return underPath(req.path, spec.path) && (req.path !== '/' || spec.path === '/');
      return !(req.method === 'GET' && req.path === '/');
    });
    if (index < 0) return undefined;
    const entry = this.pending[index];
    entry.remaining -= 1;
    if (entry.remaining === 0) this.pending.splice(index, 1);
    const headers = entry.spec.retryAfter === undefined ? undefined : { 'retry-after': String(entry.spec.retryAfter) };
    return { kind: 'error', status: entry.spec.status, error: entry.spec.error, headers };
  }

  clear(): void {
    this.pending.length = 0;
  }
}
