import { Inject, Logger } from '@nestjs/common';
import { OnQueueFailed, Process, Processor } from '@nestjs/bull';
import { CommandBus } from '@nestjs/cqrs';
import type { Job } from 'bull';
import { Db } from '@confab/persistence';
import { GenerateReply } from '../commands/generate-reply/generate-reply.command';
import { Message } from '../entities/message.entity';
import { AI_REPLY_QUEUE, type AiReplyJob } from './queue-names';
import { JobScheduler } from './reply-scheduler';
import { withConversationLock } from './conversation-lock';
import { CONVERSATIONS_OPTIONS, type ConversationsOptions, workerLeaseMs } from '../conversations.options';
const BUSY_RECHECK_MS = 250;

@Processor(AI_REPLY_QUEUE)
export class AiReplyProcessor {
  private readonly logger = new Logger('AiReplyProcessor');

  constructor(
    private readonly commands: CommandBus,
    private readonly scheduler: JobScheduler,
    private readonly db: Db,
    @Inject(CONVERSATIONS_OPTIONS) private readonly options: ConversationsOptions,
  ) {}

  // Model calls wait on the network, not the CPU: many in flight per worker.
  @Process({ concurrency: 16 })
  async handle(job: Job<AiReplyJob>): Promise<unknown> {
    const { tenantId, conversationId } = job.data;
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    // Bull's exponential backoff before the next attempt (its formula), so the reply knows whether one still fits.
    const retryInMs = Math.round((2 ** (job.attemptsMade + 1) - 1) * this.options.replyBackoffMs);
    const outcome = await withConversationLock(this.scheduler.redis as never, `${this.scheduler.lockPrefix}${conversationId}`, workerLeaseMs(this.options), (signal) =>
      this.commands.execute(new GenerateReply(tenantId, conversationId, finalAttempt, retryInMs, signal)),
    );
    if (!outcome.locked) {
      // Another worker is replying in this conversation; look again shortly so messages that arrived
      // during its reply get their own turn.
      await this.scheduler.scheduleReply(job.data, `busy-${job.id}`, BUSY_RECHECK_MS);
      return { status: 'busy' };
    }
    // Messages that arrived while this reply was generated are still pending: answer them next.
    const stillPending = await this.db.forTenant(tenantId).count(Message, { conversationId, replyState: 'pending' });
    if (stillPending) await this.scheduler.scheduleReply(job.data, `after-${job.id}`);
    this.logger.log({ msg: 'reply job done', conversationId, outcome: outcome.value });
    return outcome.value;
  }

  /** A failed attempt is retried by Bull; say why, so a reply that never comes can be explained from the logs. */
  @OnQueueFailed()
  onFailed(job: Job<AiReplyJob>, err: Error): void {
    this.logger.warn({ msg: 'Reply attempt failed', conversationId: job.data.conversationId, attempt: job.attemptsMade, error: err.message });
  }
}
