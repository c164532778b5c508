/** Reads a widget event stream for the web widget tests: every event kept, waits on a condition over all of them, and tells when the server ended it. */
export interface SseEvent {
  id?: string;
  event: string;
  data: any;
}

export interface SseStream {
  status: number;
  headers: Headers;
  events: SseEvent[];
  /** Resolves with the events seen once `done` holds for them; rejects after `timeoutMs`. */
  until(done: (events: SseEvent[]) => boolean, timeoutMs?: number): Promise<SseEvent[]>;
  /** True once the server ended the stream. */
  ended(): boolean;
  close(): void;
}

/** Reads a Server-Sent Events response as EventSource would (id, event, data lines), with whatever headers it is given. */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  let finished = false;
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  if (res.ok && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let split: number;
          while ((split = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, split);
            buffer = buffer.slice(split + 2);
            const lines = frame.split('\n').filter((l) => !l.startsWith(':'));
            const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
            const data = field('data');
            if (data === undefined) continue;
            events.push({ id: field('id'), event: field('event') ?? 'message', data: JSON.parse(data) });
            notify();
          }
        }
      } catch {
        /* aborted */
      }
      finished = true;
      notify();
    })();
  } else {
    finished = true;
  }
  return {
    status: res.status,
    headers: res.headers,
    events,
    ended: () => finished,
    close: () => controller.abort(),
    until: (done, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (done(events)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(events);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SSE condition not met in ${timeoutMs} ms; saw ${JSON.stringify(events.map((e) => e.event))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}
