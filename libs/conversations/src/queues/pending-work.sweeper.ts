import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { Message } from '../entities/message.entity';
import { CONVERSATIONS_OPTIONS, type ConversationsOptions } from '../conversations.options';
import { JobScheduler } from './reply-scheduler';

const SWEEP_EVERY_MS = 30_000;
const GRACE_MS = 60_000;
const BATCH = 500;

/**
 * Safety net for the window between a commit and its in-process reaction: a crash there leaves a customer message
 * 'pending' or an outbound message unsent with no job. Job ids are deterministic, so re-adding work that is still
 * queued changes nothing; work whose job is gone is queued again.
 */
@Injectable()
export class PendingWorkSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PendingWorkSweeper');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly scheduler: JobScheduler,
    @Inject(CONVERSATIONS_OPTIONS) private readonly options: ConversationsOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep().catch((err) => this.logger.error(`Sweep failed: ${(err as Error).message}`)), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Returns how many replies and sends were queued again (tests call it directly). */
  async sweep(olderThanMs = GRACE_MS + this.options.replyDebounceMs): Promise<{ replies: number; sends: number }> {
    const before = new Date(Date.now() - olderThanMs);
    const em = this.db.platform();
    const waiting = await em.find(Message, { replyState: 'pending', createdAt: { $lt: before } }, { filters: false, limit: BATCH, orderBy: { createdAt: 'asc' } });
    // Never-attempted sends, and retries whose time passed a grace ago and that have no job any more (Redis refused
    // the retry's job after the attempt was recorded).
    const unsent = await em.find(
      Message,
      {
        direction: 'outbound', deliveryStatus: 'pending', createdAt: { $lt: before },
        $or: [{ sendAttempts: 0 }, { sendAttempts: { $gt: 0 }, error: { nextAttemptAt: { $lt: before.toISOString() } } }],
      },
      { filters: false, limit: BATCH, orderBy: { createdAt: 'asc' } },
    );
    // A fresh job id per sweep: the original job may linger as failed, which would swallow a same-id re-add.
    const round = Math.floor(Date.now() / SWEEP_EVERY_MS);
    for (const m of waiting) await this.scheduler.scheduleReply({ tenantId: m.tenantId, conversationId: m.conversationId }, `sweep-${m.id}-${round}`, 0);
    let sends = 0;
    for (const m of unsent) {
      // A retry overdue only because the send queue is far behind still has its job; a second could send twice.
      if (m.sendAttempts > 0 && (await this.scheduler.hasLiveSendJob(m.id, m.sendAttempts))) continue;
      await this.scheduler.scheduleSend({ tenantId: m.tenantId, messageId: m.id, connectionId: m.connectionId, conversationId: m.conversationId, attemptsBefore: m.sendAttempts }, m.sendAttempts);
      sends++;
    }
    if (waiting.length || sends) this.logger.warn({ msg: 'Re-queued work that had no job', replies: waiting.length, sends });
    return { replies: waiting.length, sends };
  }
}
