import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { LIVE_FEED, type LiveEvent, type LiveFeed } from '@confab/plugin-sdk';

type Publishable = Omit<LiveEvent, 'id' | 'at'>;

/**
 * How the core publishes: best effort, in order per conversation. The live feed shows what the database already
 * holds, so a publish that fails (Redis away) is logged and the command goes on; screens catch up from the API.
 * Callers need not wait: events of one conversation are published one after the other in the order they were
 * handed in (a reply's deltas before its message), whatever the caller awaits.
 */
@Injectable()
export class LivePublisher {
  private readonly logger = new Logger('LiveFeed');
  private readonly tails = new Map<string, Promise<unknown>>();
  private warnedAt = 0;

  constructor(@Optional() @Inject(LIVE_FEED) private readonly feed?: LiveFeed) {}

  get enabled(): boolean {
    return !!this.feed;
  }

  /** Queues the events behind the conversation's earlier ones; resolves once they are published (or given up). */
  publish(...events: Publishable[]): Promise<void> {
    const feed = this.feed;
    if (!feed || events.length === 0) return Promise.resolve();
    const key = `${events[0].tenantId}:${events[0].conversationId}`;
    // One call's events are issued together, in order (the feed keeps issue order: LiveFeed.publish), so they
    // share a round trip; a later call's events wait for this one's.
    const tail = (this.tails.get(key) ?? Promise.resolve()).then(async () => {
      await Promise.all(events.map((event) => this.send(feed, event)));
    });
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return tail;
  }

  private async send(feed: LiveFeed, event: Publishable): Promise<void> {
    try {
      await feed.publish(event);
    } catch (err) {
      // One warning a minute: a Redis outage would otherwise log once per delta.
      if (Date.now() - this.warnedAt > 60_000) {
        this.warnedAt = Date.now();
        this.logger.warn(`Could not publish a live event (${(err as Error).message}); live screens miss it until they reload`);
      }
    }
  }
}
