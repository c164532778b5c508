import { EventEmitter } from 'node:events';
import { liveEventIdAfter, type LiveEvent } from './live-feed';
import { writeSse } from './write-sse';

class FakeResponse extends EventEmitter {
  headers: Record<string, string> = {};
  chunks: string[] = [];
  writableEnded = false;
  destroyed = false;
  setHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  write(chunk: string) {
    this.chunks.push(chunk);
    return true;
  }
  end() {
    this.writableEnded = true;
  }
}

const event = (id: string, type: LiveEvent['type'], data: unknown): LiveEvent => ({ id, type, tenantId: 't', conversationId: 'c', at: '2026-01-01T00:00:00.000Z', data });

async function* events(list: LiveEvent[]) {
  for (const e of list) yield e;
}

describe('writeSse', () => {
  it('writes each event as an SSE frame with its id, type and JSON data, then ends', async () => {
    const res = new FakeResponse();
    await writeSse(res, events([event('1-0', 'typing', { active: true }), event('2-0', 'reply.delta', { turnId: 't1', seq: 0, text: 'a\nb' })]));
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(res.headers['cache-control']).toContain('no-cache');
    const body = res.chunks.join('');
    expect(body).toContain('id: 1-0\nevent: typing\ndata: {"active":true}\n\n');
    // A newline in the text stays inside the JSON string, so it cannot end the frame.
    expect(body).toContain('id: 2-0\nevent: reply.delta\ndata: {"turnId":"t1","seq":0,"text":"a\\nb"}\n\n');
    expect(res.writableEnded).toBe(true);
  });

  it('lets map rename and skip events', async () => {
    const res = new FakeResponse();
    await writeSse(res, events([event('1-0', 'typing', { active: true }), event('2-0', 'message.created', { id: 'm' })]), {
      map: (e) => (e.type === 'typing' ? null : { event: 'message', data: { only: e.data.id } }),
    });
    const body = res.chunks.join('');
    expect(body).not.toContain('typing');
    expect(body).toContain('id: 2-0\nevent: message\ndata: {"only":"m"}\n\n');
  });

  it('sends heartbeats while idle and stops when the client goes away', async () => {
    const res = new FakeResponse();
    let returned = false;
    const never: AsyncIterable<LiveEvent> = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<LiveEvent>>(() => undefined),
        return: async () => {
          returned = true;
          return { done: true, value: undefined };
        },
      }),
    };
    const done = writeSse(res, never, { heartbeatMs: 20 });
    const heartbeats = () => res.chunks.filter((c) => c === ': heartbeat\n\n').length;
    // Polled rather than timed, so a busy machine does not fail it.
    for (let waited = 0; heartbeats() < 2 && waited < 5000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    expect(heartbeats()).toBeGreaterThanOrEqual(2);
    res.emit('close');
    await done;
    expect(returned).toBe(true);
  });
});

it('ends the response when the events fail after the stream started, and reports the error', async () => {
  const res = new FakeResponse();
  async function* failing(): AsyncGenerator<LiveEvent> {
    yield event('1-0', 'typing', { active: true });
    throw new Error('Redis went away');
  }
  const errors: unknown[] = [];
  await writeSse(res, failing(), { onError: (err) => errors.push(err) });
  expect(res.chunks.join('')).toContain('id: 1-0');
  expect(res.writableEnded).toBe(true);
  expect((errors[0] as Error).message).toBe('Redis went away');
});

describe('liveEventIdAfter', () => {
  it('compares stream ids as numbers', () => {
    expect(liveEventIdAfter('10-0', '9-5')).toBe(true);
    expect(liveEventIdAfter('9-5', '10-0')).toBe(false);
    expect(liveEventIdAfter('5-10', '5-9')).toBe(true);
    expect(liveEventIdAfter('5-1', '5-1')).toBe(false);
  });
});
