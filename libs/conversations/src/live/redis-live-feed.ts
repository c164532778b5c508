import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { LIVE_EVENT_ID_PATTERN, type LiveEvent, type LiveFeed, liveEventIdAfter, type LiveSubscription, ValidationFailed } from '@confab/plugin-sdk';
import { type ChannelListener, LiveSubscriptions } from './live-subscriptions';

export interface RedisLiveFeedOptions {
  redisUrl: string;
  /** The installation's Redis prefix (QUEUE_PREFIX), so installations sharing a Redis stay apart. */
  prefix: string;
  /** Events kept per conversation for resumption (approximate, MAXLEN ~). Default 1000. */
  conversationMaxLen?: number;
  /** Events kept per tenant feed. Default 5000. */
  tenantMaxLen?: number;
  /** A stream without new events is deleted after this long. Default 24 h. */
  ttlSeconds?: number;
  /** Live events buffered for one slow subscriber before it is ended (it resumes from Redis). Default 1000. */
  maxBuffered?: number;
}

/** The tenant feed carries what a list of conversations needs, not every delta. */
const TENANT_FEED_TYPES = new Set<LiveEvent['type']>(['conversation.updated', 'message.created']);

// Appends to the conversation's stream (and the tenant's), refreshes their expiry and publishes each with its id,
// in one atomic script: a subscriber that subscribed before reading a stream sees every event in one or the other.
const PUBLISH_SCRIPT = `
local ttl = tonumber(ARGV[2])
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', 'e', ARGV[1])
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('PUBLISH', KEYS[1], id .. ' ' .. ARGV[1])
if #KEYS > 1 then
  local tid = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'e', ARGV[1])
  redis.call('EXPIRE', KEYS[2], ttl)
  redis.call('PUBLISH', KEYS[2], tid .. ' ' .. ARGV[1])
end
return id
`;

const HISTORY_PAGE = 200;

/** Deltas remembered per conversation for deletion; a turn that never ends stops being tracked past this. */
const MAX_TRACKED_DELTAS = 5000;

/**
 * LiveFeed on Redis: a stream per conversation and per tenant keeps recent events for resumption (Last-Event-ID),
 * and pub/sub on the same key name fans them out to every process at once. Each process holds two connections
 * whatever the number of subscribers: one for commands and one subscriber connection; no client blocks a connection.
 */
export class RedisLiveFeed implements LiveFeed {
  private readonly logger = new Logger('LiveFeed');
  private readonly redis: Redis;
  private subscriber?: Redis;
  private subscriptions?: LiveSubscriptions;
  private readonly conversationMaxLen: number;
  private readonly tenantMaxLen: number;
  private readonly ttlSeconds: number;
  private readonly maxBuffered: number;
  /** Stream ids of the deltas of replies still being written, per conversation stream (this process's own). */
  private readonly openDeltas = new Map<string, string[]>();

  constructor(private readonly options: RedisLiveFeedOptions) {
    // A publish that cannot be made soon is not worth holding a reply for: callers treat the feed as best effort.
    // Publishes issued in the same tick (a reply's message, the conversation's totals and the end of typing) go out
    // as one write: a round trip to Redis costs more CPU than the script it runs. Redis runs them in issue order.
    this.redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 2000, connectTimeout: 2000, lazyConnect: true, enableAutoPipelining: true });
    this.redis.on('error', (err: Error) => this.logger.debug?.(`Redis: ${err.message}`));
    this.redis.defineCommand('confabLivePublish', { lua: PUBLISH_SCRIPT });
    this.conversationMaxLen = options.conversationMaxLen ?? 1000;
    this.tenantMaxLen = options.tenantMaxLen ?? 5000;
    this.ttlSeconds = options.ttlSeconds ?? 24 * 3600;
    this.maxBuffered = options.maxBuffered ?? 1000;
  }

  conversationKey(tenantId: string, conversationId: string): string {
    return `${this.options.prefix}:live:conv:${tenantId}:${conversationId}`;
  }

  tenantKey(tenantId: string): string {
    return `${this.options.prefix}:live:tenant:${tenantId}`;
  }

  async publish(event: Omit<LiveEvent, 'id' | 'at'>): Promise<string> {
    const payload = JSON.stringify({ type: event.type, tenantId: event.tenantId, conversationId: event.conversationId, at: new Date().toISOString(), data: event.data });
    const keys = [this.conversationKey(event.tenantId, event.conversationId)];
    if (TENANT_FEED_TYPES.has(event.type)) keys.push(this.tenantKey(event.tenantId));
    const run = (this.redis as unknown as { confabLivePublish(n: number, ...args: (string | number)[]): Promise<string> }).confabLivePublish;
    const id = await run.call(this.redis, keys.length, ...keys, payload, this.ttlSeconds, this.conversationMaxLen, this.tenantMaxLen);
    this.forgetFinishedDeltas(keys[0], event, id);
    return id;
  }

  /**
   * A reply's deltas matter only while it is written: once its message is stored (or the attempt stopped), they are
   * deleted from the stream, so the stream keeps messages, statuses and updates for resumption instead of hundreds
   * of token-sized pieces per reply. A client that resumes after that gets the stored message instead.
   */
  private forgetFinishedDeltas(key: string, event: Omit<LiveEvent, 'id' | 'at'>, id: string): void {
    if (event.type === 'reply.delta') {
      const ids = this.openDeltas.get(key) ?? [];
      if (ids.length < MAX_TRACKED_DELTAS) ids.push(id);
      this.openDeltas.set(key, ids);
      return;
    }
    const ends = (event.type === 'message.created' && event.data?.author === 'assistant') || (event.type === 'typing' && event.data?.active === false);
    const ids = ends ? this.openDeltas.get(key) : undefined;
    if (!ids) return;
    this.openDeltas.delete(key);
    this.redis.xdel(key, ...ids).catch((err: Error) => this.logger.warn(`Could not delete finished reply deltas (${err.message}); they expire with the stream`));
  }

  latestEventId(tenantId: string, conversationId: string): Promise<string> {
    return this.latestId(this.conversationKey(tenantId, conversationId));
  }

  conversation(tenantId: string, conversationId: string, opts: { lastEventId?: string; signal: AbortSignal }): LiveSubscription {
    return this.subscription(this.conversationKey(tenantId, conversationId), opts);
  }

  tenant(tenantId: string, opts: { lastEventId?: string; signal: AbortSignal }): LiveSubscription {
    return this.subscription(this.tenantKey(tenantId), opts);
  }

  /**
   * Starts following at once rather than on the first next(), so `ready` can tell when the subscription is in place.
   * The first step's result is kept for the first next().
   */
  private subscription(key: string, opts: { lastEventId?: string; signal: AbortSignal }): LiveSubscription {
    let subscribed!: () => void;
    const ready = new Promise<void>((resolve) => (subscribed = resolve));
    const steps = this.follow(key, opts, () => subscribed());
    const first = steps.next();
    // Settled by the first step too: a follow that ends or fails before subscribing (aborted, bad id, no Redis).
    const settled = Promise.race([ready, first.then(() => undefined)]);
    first.catch(() => undefined);
    let firstTaken = false;
    return {
      ready: settled,
      [Symbol.asyncIterator]: () => ({
        next: () => {
          if (firstTaken) return steps.next();
          firstTaken = true;
          return first;
        },
        return: (value?: unknown) => steps.return(value as undefined),
      }),
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.redis.quit().catch(() => undefined), this.subscriber?.quit().catch(() => undefined)]);
  }

  private subs(): LiveSubscriptions {
    if (!this.subscriptions) {
      // Made on first use: processes that never serve a live stream (workers) hold no subscriber connection.
      this.subscriber = new Redis(this.options.redisUrl, { connectTimeout: 2000, maxRetriesPerRequest: null, connectionName: `${this.options.prefix}:live-subscriber` });
      this.subscriptions = new LiveSubscriptions(this.subscriber);
    }
    return this.subscriptions;
  }

  /**
   * Subscribes first, then reads the stream after lastEventId, then yields live events; every event is yielded once,
   * in id order, because anything at or before the last yielded id is skipped. Nothing falls between the read and
   * the subscription, since the subscription is confirmed before the read starts.
   */
  private async *follow(key: string, opts: { lastEventId?: string; signal: AbortSignal }, onSubscribed: () => void = () => undefined): AsyncGenerator<LiveEvent> {
    const { signal } = opts;
    if (opts.lastEventId !== undefined && !LIVE_EVENT_ID_PATTERN.test(opts.lastEventId)) {
      throw new ValidationFailed('lastEventId must be an event id as sent in the id: line (like 1733500000000-0)', 'lastEventId');
    }
    if (signal.aborted) return;
    const queue: LiveEvent[] = [];
    let overflow = false;
    let resync = false;
    let wake: (() => void) | undefined;
    const listener: ChannelListener = {
      message: (payload) => {
        if (queue.length >= this.maxBuffered) overflow = true;
        else {
          const event = parseMessage(payload);
          if (event) queue.push(event);
        }
        wake?.();
      },
      resync: () => {
        resync = true;
        wake?.();
      },
    };
    const onAbort = () => wake?.();
    signal.addEventListener('abort', onAbort);
    let unsubscribe: (() => void) | undefined;
    try {
      unsubscribe = await this.subs().add(key, listener);
      let last = opts.lastEventId;
      // Where to read from if the subscriber connection drops before this subscription has yielded anything.
      const floor = last ?? (await this.latestId(key));
      onSubscribed();
      if (last !== undefined) {
        for await (const event of this.history(key, last, signal)) {
          last = event.id;
          yield event;
        }
      }
      while (!signal.aborted) {
        if (resync) {
          resync = false;
          for await (const event of this.history(key, last ?? floor, signal)) {
            if (last !== undefined && !liveEventIdAfter(event.id, last)) continue;
            last = event.id;
            yield event;
          }
        }
        while (queue.length > 0 && !signal.aborted) {
          const event = queue.shift() as LiveEvent;
          if (last !== undefined && !liveEventIdAfter(event.id, last)) continue;
          last = event.id;
          yield event;
        }
        // A subscriber that fell this far behind ends; its client reconnects with the last id and reads the stream.
        if (overflow) return;
        if (signal.aborted) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (queue.length > 0 || resync || signal.aborted) resolve();
        });
        wake = undefined;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      unsubscribe?.();
    }
  }

  private async latestId(key: string): Promise<string> {
    const rows = (await this.redis.xrevrange(key, '+', '-', 'COUNT', 1)) as [string, string[]][];
    return rows[0]?.[0] ?? '0-0';
  }

  private async *history(key: string, after: string, signal: AbortSignal): AsyncGenerator<LiveEvent> {
    let from = after;
    while (!signal.aborted) {
      const rows = (await this.redis.xrange(key, `(${from}`, '+', 'COUNT', HISTORY_PAGE)) as [string, string[]][];
      for (const [id, fields] of rows) {
        const event = parseEntry(id, fields);
        if (event) yield event;
        from = id;
      }
      if (rows.length < HISTORY_PAGE) return;
    }
  }
}

function parseMessage(message: string): LiveEvent | null {
  const space = message.indexOf(' ');
  if (space < 0) return null;
  return parsePayload(message.slice(0, space), message.slice(space + 1));
}

function parseEntry(id: string, fields: string[]): LiveEvent | null {
  const at = fields.indexOf('e');
  return at >= 0 ? parsePayload(id, fields[at + 1]) : null;
}

function parsePayload(id: string, payload: string): LiveEvent | null {
  try {
    const body = JSON.parse(payload) as Omit<LiveEvent, 'id'>;
    return { id, type: body.type, tenantId: body.tenantId, conversationId: body.conversationId, at: body.at, data: body.data };
  } catch {
    return null;
  }
}
