import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { liveEventIdAfter, type LiveEvent } from '@confab/plugin-sdk';
import { RedisLiveFeed } from './redis-live-feed';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Collects what an iterable yields until `count` events arrived (or the time is up). */
async function take(events: AsyncIterable<LiveEvent>, count: number, controller: AbortController, timeoutMs = 5000): Promise<LiveEvent[]> {
  const got: LiveEvent[] = [];
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for await (const event of events) {
      got.push(event);
      if (got.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
  }
  return got;
}

describe('RedisLiveFeed (real Redis)', () => {
  const prefix = `confab-test-live-${randomBytes(4).toString('hex')}`;
  // Two feeds with their own connections stand for two processes (API and worker).
  const api = new RedisLiveFeed({ redisUrl: REDIS_URL, prefix });
  const worker = new RedisLiveFeed({ redisUrl: REDIS_URL, prefix });
  const redis = new Redis(REDIS_URL);
  const tenantId = 'tenant-a';
  const conv = () => `conv-${randomBytes(4).toString('hex')}`;
  const delta = (conversationId: string, seq: number, tenant = tenantId) =>
    ({ type: 'reply.delta', tenantId: tenant, conversationId, data: { turnId: 't', seq, text: `${seq} ` } }) as const;

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await Promise.all([api.close(), worker.close()]);
  });

  /** A live subscriber of a conversation in the API process, in place when this resolves; collects `count` events. */
  async function follow(id: string, count: number): Promise<{ received: Promise<LiveEvent[]> }> {
    const controller = new AbortController();
    const subscription = api.conversation(tenantId, id, { signal: controller.signal });
    // Once ready, the subscription is in place: an event published right away is not missed.
    await subscription.ready;
    return { received: take(subscription, count, controller) };
  }

  it('delivers events published by another process to a live subscriber, in order', async () => {
    const id = conv();
    const { received } = await follow(id, 5);
    for (let seq = 0; seq < 5; seq++) await worker.publish(delta(id, seq));
    const events = await received;
    expect(events.map((e) => e.data.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(events[0]).toMatchObject({ type: 'reply.delta', tenantId, conversationId: id });
    expect(events[0].id).toMatch(/^\d+-\d+$/);
    expect(new Date(events[0].at).getTime()).toBeGreaterThan(Date.now() - 10_000);
  });

  it('publishes events issued together in their order, in one write to Redis', async () => {
    const id = conv();
    const { received } = await follow(id, 12);
    const feed = new RedisLiveFeed({ redisUrl: REDIS_URL, prefix });
    await feed.latestEventId(tenantId, id); // connected, so what is counted below is the publishes alone
    const socket = (feed as unknown as { redis: { stream: { write: (...args: unknown[]) => boolean } } }).redis.stream;
    const write = socket.write;
    let writes = 0;
    socket.write = function (this: unknown, ...args: unknown[]) {
      writes++;
      return write.apply(this, args);
    };
    try {
      const ids = await Promise.all(Array.from({ length: 12 }, (_, seq) => feed.publish(delta(id, seq))));
      expect(writes).toBe(1);
      expect([...ids].sort((a, b) => (liveEventIdAfter(a, b) ? 1 : -1))).toEqual(ids);
      expect((await received).map((e) => e.data.seq)).toEqual(Array.from({ length: 12 }, (_, seq) => seq));
    } finally {
      await feed.close();
    }
  });

  it('resumes after a given id from the stream, then goes on live', async () => {
    const id = conv();
    const ids: string[] = [];
    for (let seq = 0; seq < 4; seq++) ids.push(await worker.publish(delta(id, seq)));
    const controller = new AbortController();
    const iterator = api.conversation(tenantId, id, { lastEventId: ids[1], signal: controller.signal })[Symbol.asyncIterator]();
    expect((await iterator.next()).value.data.seq).toBe(2);
    expect((await iterator.next()).value.data.seq).toBe(3);
    const live = iterator.next();
    await worker.publish(delta(id, 4));
    expect((await live).value.data.seq).toBe(4);
    controller.abort();
    expect((await iterator.next()).done).toBe(true);
  });

  it('loses nothing and repeats nothing while events are published during the resume', async () => {
    const id = conv();
    const first = await worker.publish(delta(id, 0));
    for (let seq = 1; seq < 300; seq++) await worker.publish(delta(id, seq));
    const controller = new AbortController();
    const received = take(api.conversation(tenantId, id, { lastEventId: first, signal: controller.signal }), 599, controller, 10_000);
    // Published while the subscriber reads the stream's 299 older events in pages.
    const publishing = (async () => {
      for (let seq = 300; seq < 600; seq++) await worker.publish(delta(id, seq));
    })();
    const [events] = await Promise.all([received, publishing]);
    expect(events.map((e) => e.data.seq)).toEqual(Array.from({ length: 599 }, (_, i) => i + 1));
  });

  it('keeps conversations and tenants apart', async () => {
    const id = conv();
    const controller = new AbortController();
    const received = take(api.conversation(tenantId, id, { signal: controller.signal }), 1, controller, 1500);
    await new Promise((r) => setTimeout(r, 250));
    await worker.publish(delta(id, 0, 'tenant-b'));
    await worker.publish(delta(conv(), 1));
    await worker.publish(delta(id, 2));
    expect((await received).map((e) => e.data.seq)).toEqual([2]);
  });

  it('puts message.created and conversation.updated, not deltas, on the tenant feed', async () => {
    const tenant = `tenant-${randomBytes(3).toString('hex')}`;
    const controller = new AbortController();
    const received = take(api.tenant(tenant, { signal: controller.signal }), 2, controller);
    await new Promise((r) => setTimeout(r, 250));
    const id = conv();
    await worker.publish(delta(id, 0, tenant));
    await worker.publish({ type: 'typing', tenantId: tenant, conversationId: id, data: { active: true } });
    await worker.publish({ type: 'message.created', tenantId: tenant, conversationId: id, data: { id: 'm1' } });
    await worker.publish({ type: 'conversation.updated', tenantId: tenant, conversationId: id, data: { status: 'open' } });
    expect((await received).map((e) => e.type)).toEqual(['message.created', 'conversation.updated']);
  });

  it('caps each stream and lets it expire', async () => {
    const small = new RedisLiveFeed({ redisUrl: REDIS_URL, prefix, conversationMaxLen: 10, ttlSeconds: 60 });
    const id = conv();
    for (let seq = 0; seq < 500; seq++) await small.publish(delta(id, seq));
    const key = small.conversationKey(tenantId, id);
    // MAXLEN ~ trims whole macro nodes (100 entries by default), so the stream stays near the cap, not at it.
    expect(await redis.xlen(key)).toBeLessThanOrEqual(110);
    expect(await redis.ttl(key)).toBeGreaterThan(50);
    await small.close();
  });

  it("deletes a reply's deltas from the stream once its message is stored, keeping the rest for resumption", async () => {
    const id = conv();
    const before = await worker.publish({ type: 'typing', tenantId, conversationId: id, data: { active: true } });
    for (let seq = 0; seq < 5; seq++) await worker.publish(delta(id, seq));
    const key = worker.conversationKey(tenantId, id);
    expect(await redis.xlen(key)).toBe(6);
    await worker.publish({ type: 'message.created', tenantId, conversationId: id, data: { id: 'm1', author: 'assistant', text: '0 1 2 3 4 ' } });
    await worker.publish({ type: 'typing', tenantId, conversationId: id, data: { active: false } });
    await new Promise((r) => setTimeout(r, 50));
    const controller = new AbortController();
    const resumed = await take(api.conversation(tenantId, id, { lastEventId: before, signal: controller.signal }), 2, controller, 1000);
    expect(resumed.map((e) => e.type)).toEqual(['message.created', 'typing']);
    expect(await redis.xlen(key)).toBe(3);
  });

  it('refuses a malformed lastEventId, naming it, before anything is sent', async () => {
    const subscription = api.conversation(tenantId, conv(), { lastEventId: 'yesterday', signal: new AbortController().signal });
    await expect(subscription.ready).rejects.toMatchObject({ details: { field: 'lastEventId' } });
    await expect(subscription[Symbol.asyncIterator]().next()).rejects.toMatchObject({ details: { field: 'lastEventId' } });
  });

  it('reads what it missed after its subscriber connection was dropped', async () => {
    const ownPrefix = `${prefix}-drop`;
    const feed = new RedisLiveFeed({ redisUrl: REDIS_URL, prefix: ownPrefix });
    const id = conv();
    const controller = new AbortController();
    const iterator = feed.conversation(tenantId, id, { signal: controller.signal })[Symbol.asyncIterator]();
    const firstNext = iterator.next();
    await new Promise((r) => setTimeout(r, 250));
    const publisher = new RedisLiveFeed({ redisUrl: REDIS_URL, prefix: ownPrefix });
    await publisher.publish(delta(id, 0));
    expect((await firstNext).value.data.seq).toBe(0);
    // Kill the subscriber's connection on the server side, then publish while it reconnects.
    const clients = (await redis.client('LIST')) as string;
    const subscriberIds = clients
      .split('\n')
      .filter((line) => line.includes(`name=${ownPrefix}:live-subscriber `))
      .map((line) => /id=(\d+)/.exec(line)?.[1])
      .filter(Boolean) as string[];
    expect(subscriberIds).toHaveLength(1);
    await redis.client('KILL', 'ID', subscriberIds[0]);
    await publisher.publish(delta(id, 1));
    await publisher.publish(delta(id, 2));
    expect((await iterator.next()).value.data.seq).toBe(1);
    expect((await iterator.next()).value.data.seq).toBe(2);
    controller.abort();
    await iterator.return?.(undefined);
    await Promise.all([feed.close(), publisher.close()]);
    const keys = await redis.keys(`${ownPrefix}:*`);
    if (keys.length) await redis.del(...keys);
  });

  it('ends a subscriber that falls too far behind, so its client resumes from the stream', async () => {
    const feed = new RedisLiveFeed({ redisUrl: REDIS_URL, prefix, maxBuffered: 5 });
    const id = conv();
    const controller = new AbortController();
    const iterator = feed.conversation(tenantId, id, { signal: controller.signal })[Symbol.asyncIterator]();
    const firstNext = iterator.next();
    await new Promise((r) => setTimeout(r, 250));
    for (let seq = 0; seq < 20; seq++) await worker.publish(delta(id, seq));
    await firstNext;
    const rest: number[] = [];
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      rest.push(next.value.data.seq);
    }
    expect(rest.length).toBeLessThan(19);
    await feed.close();
  });
});
