import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { JobScheduler } from '../../queues/reply-scheduler';
import { SendOutboundMessage } from './send-outbound-message.command';

@CommandHandler(SendOutboundMessage)
export class SendOutboundMessageHandler implements ICommandHandler<SendOutboundMessage> {
  constructor(private readonly scheduler: JobScheduler) {}

  async execute({ tenantId, messageId }: SendOutboundMessage): Promise<void> {
    await this.scheduler.scheduleSend({ tenantId, messageId });
  }
}
