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

  async execute({ tenantId, messageId, connectionId, conversationId }: SendOutboundMessage): Promise<void> {
    // The send job checks the message itself (a deleted or already sent one is skipped there).
    if (connectionId) return this.scheduler.scheduleSend({ tenantId, messageId, connectionId, conversationId });
    const message = await this.db.forTenant(tenantId).findOne(Message, { id: messageId }, { fields: ['id', 'connectionId', 'conversationId'] });
    if (!message) return;
    await this.scheduler.scheduleSend({ tenantId, messageId, connectionId: message.connectionId, conversationId: message.conversationId });
  }
}
