import type { LiveEvent } from './live-feed';

/** The parts of a Node/Express response writeSse uses. */
export interface SseResponse {
  writeHead?(status: number, headers: Record<string, string>): unknown;
  setHeader(name: string, value: string): unknown;
  status?(code: number): unknown;
  flushHeaders?(): void;
  write(chunk: string): boolean;
  end(): unknown;
  once(event: 'close' | 'drain', listener: () => void): unknown;
  off?(event: 'close' | 'drain', listener: () => void): unknown;
  readonly writableEnded?: boolean;
  readonly destroyed?: boolean;
  /** Set by the compression middleware; flushes what it holds so an event is not stuck in a gzip buffer. */
  flush?(): void;
}

export interface WriteSseOptions {
  /** Renames or filters events for a client (null skips one). The id is always the event's own. */
  map?: (e: LiveEvent) => { event: string; data: unknown } | null;
  /** Milliseconds between comment heartbeats, which keep proxies from closing an idle stream. Default 15 s. */
  heartbeatMs?: number;
  /**
   * Called when the events fail after the stream started (Redis went away): the response is ended, since a status
   * can no longer be sent, and the client reconnects with its Last-Event-ID. Without it the error is swallowed.
   */
  onError?: (err: unknown) => void;
}

const HEARTBEAT_MS = 15_000;

/**
 * An AbortSignal that aborts when the client goes away (the response closes): pass it to LiveFeed so its
 * subscription ends with the request.
 */
export function sseAbortSignal(res: Pick<SseResponse, 'once'>): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => controller.abort());
  return controller.signal;
}

/** One SSE frame. `data` is JSON on one line, so no payload can break out of its frame. */
export function sseFrame(id: string, event: string, data: unknown): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Writes an AsyncIterable<LiveEvent> to an HTTP response as Server-Sent Events (`id:`, `event:`, `data:` JSON),
 * with a comment heartbeat every 15 s, flushing each event, until the events end or the client goes away.
 * Respects back-pressure: a client that reads slowly is not buffered for without limit.
 */
export async function writeSse(res: SseResponse, events: AsyncIterable<LiveEvent>, opts: WriteSseOptions = {}): Promise<void> {
  const headers: Record<string, string> = {
    'Content-Type': 'text/event-stream; charset=utf-8',
    // no-transform keeps proxies and compression from holding events back.
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    // nginx buffers responses unless told otherwise.
    'X-Accel-Buffering': 'no',
  };
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status?.(200);
  res.flushHeaders?.();

  let closed = !!res.destroyed || !!res.writableEnded;
  let wakeClosed: () => void = () => undefined;
  const closedPromise = new Promise<void>((resolve) => (wakeClosed = resolve));
  const onClose = () => {
    closed = true;
    wakeClosed();
  };
  res.once('close', onClose);

  const send = async (chunk: string) => {
    if (closed) return;
    const ok = res.write(chunk);
    res.flush?.();
    if (!ok && !closed) {
      await Promise.race([new Promise<void>((resolve) => res.once('drain', resolve)), closedPromise]);
    }
  };

  // The first bytes tell the browser the stream is open (EventSource fires `open`) and set its reconnect delay.
  await send('retry: 2000\n: connected\n\n');
  const heartbeat = setInterval(() => void send(': heartbeat\n\n'), opts.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref?.();

  const iterator = events[Symbol.asyncIterator]();
  try {
    while (!closed) {
      const next = await Promise.race([iterator.next(), closedPromise.then(() => null)]);
      if (!next || next.done) break;
      const event = next.value;
      const mapped = opts.map ? opts.map(event) : { event: event.type, data: event.data };
      if (!mapped) continue;
      await send(sseFrame(event.id, mapped.event, mapped.data));
    }
  } catch (err) {
    opts.onError?.(err);
  } finally {
    clearInterval(heartbeat);
    res.off?.('close', onClose);
    // The source may be waiting for its next event; returning ends it (its own signal should abort too).
    void iterator.return?.().catch(() => undefined);
    if (!res.writableEnded && !res.destroyed) res.end();
  }
}
