import { Inject, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectQueue, Processor } from '@nestjs/bull';
import { CommandBus } from '@nestjs/cqrs';
import type { Job, Queue } from 'bull';
import { DeliverOutboundMessage } from '../commands/send-outbound-message/send-outbound-message.command';
import { CONVERSATIONS_OPTIONS, type ConversationsOptions, sendConcurrency } from '../conversations.options';
import { OUTBOUND_SEND_QUEUE, type OutboundSendJob } from './queue-names';

@Processor(OUTBOUND_SEND_QUEUE)
export class OutboundSendProcessor implements OnModuleInit {
  private readonly logger = new Logger('OutboundSendProcessor');

  constructor(
    private readonly commands: CommandBus,
    @Inject(CONVERSATIONS_OPTIONS) private readonly options: ConversationsOptions,
    @InjectQueue(OUTBOUND_SEND_QUEUE) private readonly queue: Queue<OutboundSendJob>,
  ) {}

  /** Sends in flight per worker (SEND_CONCURRENCY); registered here because `@Process` takes only a fixed number. */
  onModuleInit(): void {
    this.queue
      .process(sendConcurrency(this.options), (job: Job<OutboundSendJob>) => this.handle(job))
      // Resolves only when the queue closes; a failure of the loop itself is also emitted as the queue's 'error'.
      .catch((err: Error) => this.logger.error({ msg: 'The send queue stopped taking jobs', error: err.message }));
  }

  async handle(job: Job<OutboundSendJob>) {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const attemptsMade = job.attemptsMade + (job.data.attemptsBefore ?? 0);
    return this.commands.execute(new DeliverOutboundMessage(job.data.tenantId, job.data.messageId, finalAttempt, attemptsMade));
  }
}
