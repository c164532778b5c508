export interface SseEvent {
  id?: string;
  event: string;
  data: any;
}

export interface SseStream {
  status: number;
  headers: Headers;
  events: SseEvent[];
  /** Resolves with the first event (seen or still to come) that matches. */
  waitFor(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
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
  const notify = () => [...waiters].forEach((w) => w());
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
            let id: string | undefined;
            let event: string | undefined;
            const data: string[] = [];
            for (const line of frame.split('\n')) {
              if (!line || line.startsWith(':')) continue;
              const colon = line.indexOf(':');
              const field = colon < 0 ? line : line.slice(0, colon);
              const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (field === 'id') id = value;
              else if (field === 'event') event = value;
              else if (field === 'data') data.push(value);
            }
            if (!data.length) continue;
            events.push({ id, event: event ?? 'message', data: JSON.parse(data.join('\n')) });
            notify();
          }
        }
      } catch {
        /* aborted by the test */
      }
      finished = true;
      notify();
    })();
  } else {
    finished = true;
  }
  const until = (done: (events: SseEvent[]) => boolean, timeoutMs = 10_000) =>
    new Promise<SseEvent[]>((resolve, reject) => {
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
    });
  return {
    status: res.status,
    headers: res.headers,
    events,
    ended: () => finished,
    close: () => controller.abort(),
    until,
    waitFor: async (match, timeoutMs = 10_000) => {
      const seen = await until((all) => all.some(match), timeoutMs);
      return seen.find(match)!;
    },
  };
}
