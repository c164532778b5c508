import { Logger } from '@nestjs/common';
import type { Db } from '@confab/persistence';

/** How long a stamp waits for others to share its statement. */
const FLUSH_AFTER_MS = 20;
const MAX_BATCH = 500;

interface Stamp {
  tenantId: string;
  messageId: string;
  at: string;
}

/**
 * The pipeline trace's 'queued' time of customer messages (messages.reply_queued_at), written in batches: one
 * statement, and one commit, for every stamp of the last 20 ms rather than one per message. It is a diagnostic: a
 * crash loses at most the stamps of those 20 ms (the trace then shows no 'queued' stage for them), never a message.
 * The first stamp of a message wins, as a replayed event must not move it.
 */
export class QueuedStamps {
  private readonly logger = new Logger('QueuedStamps');
  private pending: Stamp[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db) {}

  add(tenantId: string, messageId: string, at: Date): void {
    this.pending.push({ tenantId, messageId, at: at.toISOString() });
    if (this.pending.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
  }

  /** Writes what waits (also at shutdown); resolves when every stamp added so far is written. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return this.flushing;
    this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }

  private async write(batch: Stamp[]): Promise<void> {
    try {
      // Each row names its tenant; the statement spans tenants, so it runs outside any tenant's filter. Prepared
      // (Db.query): its text never changes, and through the ORM PostgreSQL parsed and planned it on every batch.
      await this.db.query(
        `update messages m set reply_queued_at = s.at
           from jsonb_to_recordset(?::jsonb) as s(tenant_id uuid, message_id uuid, at timestamptz)
          where m.id = any(?::uuid[]) and m.tenant_id = s.tenant_id and m.id = s.message_id and m.reply_queued_at is null`,
        // The id list gives the planner a primary-key probe per row; joined on the recordset alone (estimated at 100
        // rows) it hashes and scans the whole table while that is small.
        [JSON.stringify(batch.map((s) => ({ tenant_id: s.tenantId, message_id: s.messageId, at: s.at }))), `{${batch.map((s) => s.messageId).join(',')}}`],
      );
    } catch (err) {
      this.logger.warn({ msg: "Could not record when replies were queued; their traces lack the 'queued' stage", count: batch.length, error: (err as Error).message });
    }
  }
}
