import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

/** What a subscription hears: a message published on its channel, or "you may have missed some; read again". */
export interface ChannelListener {
  message(payload: string): void;
  resync(): void;
}

/**
 * One Redis pub/sub connection per process, shared by every live subscription of the process: a channel is
 * subscribed while at least one listener wants it. After the connection comes back (ioredis subscribes again by
 * itself), listeners are told to read what they missed from the streams.
 */
export class LiveSubscriptions {
  private readonly logger = new Logger('LiveFeed');
  private readonly listeners = new Map<string, Set<ChannelListener>>();
  private readonly subscribed = new Map<string, Promise<unknown>>();
  private lost = false;

  constructor(private readonly sub: Redis) {
    sub.on('message', (channel: string, payload: string) => {
      for (const listener of this.listeners.get(channel) ?? []) listener.message(payload);
    });
    sub.on('error', (err: Error) => {
      if (!this.lost) this.logger.warn(`Live feed subscriber lost Redis (${err.message}); reconnecting`);
      this.lost = true;
    });
    sub.on('close', () => (this.lost = true));
    sub.on('ready', () => {
      if (!this.lost) return;
      this.lost = false;
      // The PING is answered after the re-subscriptions ioredis sent on reconnect, so reading the streams after it
      // cannot miss an event published in between.
      void this.sub
        .ping()
        .catch(() => undefined)
        .then(() => {
          for (const set of this.listeners.values()) for (const listener of set) listener.resync();
        });
    });
  }

  /** Adds a listener; resolves once Redis confirmed the subscription. Returns the function that removes it. */
  async add(channel: string, listener: ChannelListener): Promise<() => void> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      this.subscribed.set(channel, this.sub.subscribe(channel));
    }
    set.add(listener);
    const remove = () => this.remove(channel, listener);
    try {
      await this.subscribed.get(channel);
    } catch (err) {
      remove();
      throw err;
    }
    return remove;
  }

  private remove(channel: string, listener: ChannelListener): void {
    const set = this.listeners.get(channel);
    if (!set?.delete(listener) || set.size > 0) return;
    this.listeners.delete(channel);
    this.subscribed.delete(channel);
    // Commands on one connection run in order, so a later subscribe to the same channel still takes effect.
    this.sub.unsubscribe(channel).catch(() => undefined);
  }

  /** Channels with at least one listener (for tests and metrics). */
  get channelCount(): number {
    return this.listeners.size;
  }
}
