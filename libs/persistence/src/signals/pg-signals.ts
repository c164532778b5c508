import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Client } from 'pg';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Receives a signal: the payload the sender gave, or `undefined` after the listening connection was (re)opened,
 * when signals may have been missed and every subscriber must assume its state is stale.
 */
export type SignalHandler = (payload: string | undefined) => void;

/**
 * Small cross-process signals over PostgreSQL LISTEN/NOTIFY: "this connection changed", "this conversation has an
 * answer". Every process that subscribes holds one extra connection, opened on the first subscription and shared by
 * all channels. Signals are hints, not messages: they are sent after the commit they describe, are lost while a
 * listener reconnects (which tells every subscriber with `undefined`), and a subscriber must still be correct when
 * one never comes (a short cache TTL, a slow safety poll).
 */
@Injectable()
export class PgSignals implements OnModuleDestroy {
  private readonly logger = new Logger('PgSignals');
  private readonly handlers = new Map<string, Set<SignalHandler>>();
  private client?: Client;
  private connecting?: Promise<void>;
  private retryMs = RETRY_MIN_MS;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly orm: MikroORM) {}

  /** Calls `handler` for each signal on `channel`; resolves once the channel is listened to. Returns the unsubscribe. */
  async subscribe(channel: string, handler: SignalHandler): Promise<() => void> {
    if (!CHANNEL.test(channel)) throw new Error(`Invalid signal channel '${channel}'`);
    let set = this.handlers.get(channel);
    const fresh = !set;
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
    const unsubscribe = () => void set!.delete(handler);
    if (this.closed) return unsubscribe;
    await (this.connecting ??= this.connect());
    if (fresh && this.client) await this.client.query(`listen ${channel}`).catch((err: Error) => this.lost(this.client!, err));
    return unsubscribe;
  }

  /** Sends a signal on the shared pool, outside any transaction; a failure is logged (the receivers' fallbacks cover it). */
  async notify(channel: string, payload: string): Promise<void> {
    if (this.closed) return;
    await this.orm.em
      .getConnection()
      .execute('select pg_notify(?, ?)', [channel, payload], 'run')
      .catch((err: Error) => this.logger.warn({ msg: 'Could not send a signal; receivers fall back to their own checks', channel, error: err.message }));
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.orm.config.get('clientUrl') as string, application_name: 'confab-signals' });
    client.on('notification', (n) => this.deliver(n.channel, n.payload ?? ''));
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(`listen ${channel}`);
    } catch (err) {
      this.lost(client, err as Error);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = RETRY_MIN_MS;
  }

  private deliver(channel: string, payload: string | undefined): void {
    for (const handler of this.handlers.get(channel) ?? []) {
      try {
        handler(payload);
      } catch (err) {
        this.logger.warn({ msg: 'A signal handler failed', channel, error: (err as Error).message });
      }
    }
  }

  private lost(client: Client, err: Error): void {
    if (this.closed || (this.client && this.client !== client) || this.timer) return;
    this.client = undefined;
    client.removeAllListeners('notification');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    this.logger.warn({ msg: `Signal listener lost its connection; reconnecting in ${this.retryMs} ms`, error: err.message });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connecting = this.connect().then(() => {
        // Whatever was signalled while nobody listened is unknown: every subscriber treats its state as stale.
        if (this.client) for (const channel of this.handlers.keys()) this.deliver(channel, undefined);
      });
    }, this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
  }
}
