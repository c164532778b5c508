import type { Logger } from '@nestjs/common';
import { Client } from 'pg';

/** The channel processes that do not relay notify after committing events (OutboxRelay.committed). */
export const OUTBOX_CHANNEL = 'confab_outbox';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;

/**
 * One dedicated connection per relay process that LISTENs on `confab_outbox` and calls `onWake` when another
 * process announces committed events. The NOTIFY is sent after the commit, so a wake-up never points at rows that
 * are not there yet. The connection is re-opened after any error
 * with a growing pause, and every (re)connect wakes the relay once, for commits made while nobody listened.
 */
export class OutboxListener {
  private client?: Client;
  private retryMs = RETRY_MIN_MS;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly onWake: () => void,
    private readonly logger: Logger,
  ) {}

  start(): void {
    void this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new Client({ connectionString: this.connectionString, application_name: 'confab-outbox-listener' });
    client.on('notification', () => this.onWake());
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`listen ${OUTBOX_CHANNEL}`);
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
    this.onWake();
  }

  private lost(client: Client, err: Error): void {
    if (this.closed || client === undefined || (this.client && this.client !== client)) return;
    if (this.timer) return; // already reconnecting: 'error' and 'end' both come for one loss
    this.client = undefined;
    client.removeAllListeners('notification');
    client.on('error', () => undefined); // late errors of the dead connection
    void client.end().catch(() => undefined);
    this.logger.warn({ msg: `Outbox listener lost its connection; reconnecting in ${this.retryMs} ms (the poll covers the gap)`, error: err.message });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
  }
}
