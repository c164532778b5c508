import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { LIVE_FEED, type LiveEvent, type LiveFeed } from '@confab/plugin-sdk';

/**
 * How the core publishes: best effort. The live feed shows what the database already holds, so a publish that
 * fails (Redis away) is logged and the command goes on; screens catch up from the API when they reload.
 */
@Injectable()
export class LivePublisher {
  private readonly logger = new Logger('LiveFeed');
  private warnedAt = 0;

  constructor(@Optional() @Inject(LIVE_FEED) private readonly feed?: LiveFeed) {}

  get enabled(): boolean {
    return !!this.feed;
  }

  /** Publishes and never throws; resolves to the event id, or null when it was not published. */
  async publish(event: Omit<LiveEvent, 'id' | 'at'>): Promise<string | null> {
    if (!this.feed) return null;
    try {
      return await this.feed.publish(event);
    } catch (err) {
      // One warning a minute: a Redis outage would otherwise log once per delta.
      if (Date.now() - this.warnedAt > 60_000) {
        this.warnedAt = Date.now();
        this.logger.warn(`Could not publish a live event (${(err as Error).message}); live screens miss it until they reload`);
      }
      return null;
    }
  }

  /** Publishes several in order, without waiting for the caller. */
  publishAll(events: Omit<LiveEvent, 'id' | 'at'>[]): void {
    if (!this.feed || events.length === 0) return;
    void (async () => {
      for (const event of events) await this.publish(event);
    })();
  }
}
