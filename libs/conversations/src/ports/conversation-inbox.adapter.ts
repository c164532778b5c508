import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ConversationInbox, type AcceptedMessage, type Connection, type DeliveryStatusUpdate, type InboundMessage, type StartConversationInput } from '@confab/plugin-sdk';
import { StartConversation } from '../commands/start-conversation/start-conversation.handler';
import { ReceiveInboundMessage } from '../commands/receive-inbound-message/receive-inbound-message.command';
import { RecordDeliveryStatus } from '../commands/record-delivery-status/record-delivery-status.handler';

/** Binds the SDK's inbound port to the lifecycle commands. */
@Injectable()
export class ConversationInboxAdapter extends ConversationInbox {
  constructor(private readonly commands: CommandBus) {
    super();
  }

  start(connection: Connection<any>, input: StartConversationInput): Promise<{ conversationId: string }> {
    return this.commands.execute(new StartConversation(connection, input));
  }

  accept(connection: Connection<any>, message: InboundMessage): Promise<AcceptedMessage> {
    return this.commands.execute(new ReceiveInboundMessage(connection, message));
  }

  async recordDeliveryStatus(connection: Connection<any>, update: DeliveryStatusUpdate): Promise<void> {
    await this.commands.execute(new RecordDeliveryStatus(connection, update));
  }
}
