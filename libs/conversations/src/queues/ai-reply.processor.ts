import { Inject, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectQueue, OnQueueFailed, Processor } from '@nestjs/bull';
import { CommandBus } from '@nestjs/cqrs';
import type { Job, Queue } from 'bull';
import { Db } from '@confab/persistence';
import { GenerateReply } from '../commands/generate-reply/generate-reply.command';
import { Message } from '../entities/message.entity';
import { AI_REPLY_QUEUE, type AiReplyJob } from './queue-names';
import { JobScheduler } from './reply-scheduler';
import { withConversationLock } from './conversation-lock';
import { ReplySender } from './reply-sender';
import { CONVERSATIONS_OPTIONS, type ConversationsOptions, replyConcurrency, workerLeaseMs } from '../conversations.options';
const BUSY_RECHECK_MS = 250;
/** Bull's delayed jobs and the burst's due time come from different clocks' reads: a few ms early is on time. */
const DUE_TOLERANCE_MS = 25;

@Processor(AI_REPLY_QUEUE)
export class AiReplyProcessor implements OnModuleInit {
  private readonly logger = new Logger('AiReplyProcessor');

  constructor(
    private readonly commands: CommandBus,
    private readonly scheduler: JobScheduler,
    private readonly sender: ReplySender,
    private readonly db: Db,
    @Inject(CONVERSATIONS_OPTIONS) private readonly options: ConversationsOptions,
    @InjectQueue(AI_REPLY_QUEUE) private readonly queue: Queue<AiReplyJob>,
  ) {}

  /**
   * Model calls wait on the network, not the CPU: many replies are in flight per worker, as many as the setting
   * says (REPLY_CONCURRENCY). Registered here rather than with `@Process`, whose concurrency is fixed when the class
   * is decorated; the failure hook below is still wired by @nestjs/bull.
   */
  onModuleInit(): void {
    this.queue
      .process(replyConcurrency(this.options), (job: Job<AiReplyJob>) => this.handle(job))
      // Resolves only when the queue closes; a failure of the loop itself is also emitted as the queue's 'error'.
      .catch((err: Error) => this.logger.error({ msg: 'The reply queue stopped taking jobs', error: err.message }));
  }

  async handle(job: Job<AiReplyJob>): Promise<unknown> {
    const { tenantId, conversationId } = job.data;
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    // Bull's exponential backoff before the next attempt (its formula), so the reply knows whether one still fits.
    const retryInMs = Math.round((2 ** (job.attemptsMade + 1) - 1) * this.options.replyBackoffMs);
    // The reply is sent before the lock is let go, so a conversation's replies reach the channel in their order.
    // The lock is taken only when no burst is open (one round trip for both, ReplyBurst.takeLockUnlessOpen).
    const lockKey = `${this.scheduler.lockPrefix}${conversationId}`;
    const outcome = await withConversationLock(
      this.scheduler.redis as never,
      lockKey,
      workerLeaseMs(this.options),
      async (signal) => {
        const turn = await this.commands.execute(new GenerateReply(tenantId, conversationId, finalAttempt, retryInMs, signal, true));
        if (!('messageId' in turn)) return turn;
        // The preloaded message stays here: the outcome is logged, and the reply's text does not belong in the logs.
        const { send: preloaded, ...outcome } = turn;
        const send = await this.sender.send({ tenantId, conversationId, messageId: turn.messageId, connectionId: turn.connectionId }, preloaded);
        return { ...outcome, send: send.status };
      },
      (key, token, leaseMs) => this.scheduler.burst.takeLockUnlessOpen(conversationId, key, token, leaseMs, DUE_TOLERANCE_MS),
    );
    // The customer is still writing (a burst whose window has not ended): the reply waits for the burst's end. The job
    // for that time is added here too (one id per due time), so the burst is answered even if its own job was lost.
    if (!outcome.locked && typeof outcome.refusal === 'number') {
      const due = outcome.refusal;
      await this.scheduler.scheduleReply(job.data, `due-${due}`, Math.max(0, due - Date.now()));
      return { status: 'burst_open' };
    }
    if (!outcome.locked) {
      // Another worker is replying in this conversation; look again shortly so messages that arrived
      // during its reply get their own turn.
      await this.scheduler.scheduleReply(job.data, `busy-${job.id}`, BUSY_RECHECK_MS);
      return { status: 'busy' };
    }
    // Messages that arrived while this reply was generated are still pending: answer them next (a burst still
    // arriving is waited for when that job runs).
    const stillPending = outcome.value.morePending ?? (await this.db.forTenant(tenantId).count(Message, { conversationId, replyState: 'pending' })) > 0;
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
