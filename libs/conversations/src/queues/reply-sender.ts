import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DeliverOutboundMessage } from '../commands/send-outbound-message/send-outbound-message.command';
import { CONVERSATIONS_OPTIONS, type ConversationsOptions } from '../conversations.options';
import { RetryableSendError } from './send-backoff';
import { JobScheduler } from './reply-scheduler';
import type { OutboundSendJob } from './queue-names';
import type { OutboundSend } from '../commands/send-outbound-message/outbound-send-rows';

/** A reply whose slot in its channel's rate is this close waits for it in the reply job; a later one is queued. */
const WAIT_IN_JOB_MS = 250;

/**
 * The reply job hands its reply to the channel itself, right after the turn commits, instead of through the relay,
 * a saga and the send queue: one leg where there were two (a relay dispatch and four Bull round trips less per
 * reply, and no wait behind other jobs). What the send queue gives stays: the channel's rate (the slot is reserved
 * as for a queued send; a far one is left to a delayed job), retries with backoff (a retryable failure queues the
 * second attempt, with the first counted), and at-least-once: the reply's event queues no send (its
 * `sentByReplyJob`), so a worker that dies between the commit and the send leaves an unsent reply that
 * PendingWorkSweeper queues, as it does for any commit whose in-process reaction was lost.
 */
@Injectable()
export class ReplySender {
  private readonly logger = new Logger('ReplySender');

  constructor(
    private readonly commands: CommandBus,
    private readonly scheduler: JobScheduler,
    @Inject(CONVERSATIONS_OPTIONS) private readonly options: ConversationsOptions,
  ) {}

  /** `preloaded`: the reply as the turn wrote it, so the send does not read it back (a queued attempt does). */
  async send(job: OutboundSendJob, preloaded?: OutboundSend): Promise<{ status: string }> {
    const waitMs = await this.scheduler.reserveSendSlot(job);
    if (waitMs > WAIT_IN_JOB_MS) {
      await this.scheduler.scheduleSend(job, 0, waitMs);
      return { status: 'queued' };
    }
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    try {
      return await this.commands.execute(new DeliverOutboundMessage(job.tenantId, job.messageId, this.options.sendAttempts <= 1, 0, preloaded));
    } catch (err) {
      if (err instanceof RetryableSendError) {
        // Recorded on the message (its error says when the next attempt runs); that attempt is the send queue's.
        await this.scheduler.scheduleSend({ ...job, attemptsBefore: 1 }, 1, err.delayMs ?? this.options.sendBackoffMs);
        return { status: 'retry' };
      }
      // Not the channel's answer but ours (the database, say): the send queue tries it as it would any send.
      this.logger.warn({ msg: 'Sending a reply from its reply job failed; queued for the send worker', messageId: job.messageId, error: (err as Error).message });
      await this.scheduler.scheduleSend(job);
      return { status: 'queued' };
    }
  }
}
