import { Process, Processor } from '@nestjs/bull';
import { CommandBus } from '@nestjs/cqrs';
import type { Job } from 'bull';
import { DeliverOutboundMessage } from '../commands/send-outbound-message/send-outbound-message.command';
import { OUTBOUND_SEND_QUEUE, type OutboundSendJob } from './queue-names';

@Processor(OUTBOUND_SEND_QUEUE)
export class OutboundSendProcessor {
  constructor(private readonly commands: CommandBus) {}

  @Process({ concurrency: 16 })
  async handle(job: Job<OutboundSendJob>) {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.commands.execute(new DeliverOutboundMessage(job.data.tenantId, job.data.messageId, finalAttempt));
  }
}
