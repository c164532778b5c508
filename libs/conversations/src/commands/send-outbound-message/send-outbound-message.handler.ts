import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@confab/persistence';
import { Message } from '../../entities/message.entity';
import { JobScheduler } from '../../queues/reply-scheduler';
import { SendOutboundMessage } from './send-outbound-message.command';

@CommandHandler(SendOutboundMessage)
export class SendOutboundMessageHandler implements ICommandHandler<SendOutboundMessage> {
  constructor(
    private readonly db: Db,
    private readonly scheduler: JobScheduler,
  ) {}

  async execute({ tenantId, messageId }: SendOutboundMessage): Promise<void> {
    const message = await this.db.forTenant(tenantId).findOne(Message, { id: messageId }, { fields: ['id', 'connectionId'] });
    if (!message) return;
    await this.scheduler.scheduleSend({ tenantId, messageId, connectionId: message.connectionId });
  }
}
