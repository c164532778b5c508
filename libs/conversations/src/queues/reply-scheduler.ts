import { Inject, Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Queue } from 'bull';
import { CONVERSATIONS_OPTIONS, type ConversationsOptions } from '../conversations.options';
import { AI_REPLY_QUEUE, OUTBOUND_SEND_QUEUE, type AiReplyJob, type OutboundSendJob } from './queue-names';

/**
 * Enqueues the two kinds of work. Job ids are deterministic so a replayed event or a double click adds nothing:
 * a reply job per customer message (the first to run answers the whole burst, the rest find nothing pending),
 * a send job per outbound message.
 */
@Injectable()
export class JobScheduler {
  constructor(
    @InjectQueue(AI_REPLY_QUEUE) private readonly replies: Queue<AiReplyJob>,
    @InjectQueue(OUTBOUND_SEND_QUEUE) private readonly sends: Queue<OutboundSendJob>,
    @Inject(CONVERSATIONS_OPTIONS) private readonly options: ConversationsOptions,
  ) {}

  async scheduleReply(job: AiReplyJob, triggeredBy: string, delayMs = this.options.replyDebounceMs): Promise<void> {
    await this.replies.add(job, {
      jobId: `reply:${job.conversationId}:${triggeredBy}`,
      delay: delayMs,
      attempts: this.options.replyAttempts,
      backoff: { type: 'exponential', delay: this.options.replyBackoffMs },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  async scheduleSend(job: OutboundSendJob, attempt = 0): Promise<void> {
    await this.sends.add(job, {
      jobId: `send:${job.messageId}:${attempt}`,
      attempts: this.options.sendAttempts,
      backoff: { type: 'exponential', delay: this.options.sendBackoffMs },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  /** The Redis connection Bull already holds, for the per-conversation reply lock. */
  get redis() {
    return this.replies.client;
  }

  /** Lock keys live under the queue prefix, so installations sharing one Redis never block each other. */
  get lockPrefix(): string {
    return `${(this.replies as unknown as { keyPrefix?: string }).keyPrefix ?? 'bull'}:reply-lock:`;
  }
}
