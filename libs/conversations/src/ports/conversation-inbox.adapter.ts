import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ConversationInbox,
  type AcceptedMessage,
  type AgentEcho,
  type Connection,
  type DeliveryStatusUpdate,
  type InboundMessage,
  type MessageEdit,
  type MessageReaction,
  type StartConversationInput,
} from '@confab/plugin-sdk';
import { RecordAgentEcho } from '../commands/provider-events/record-agent-echo.handler';
import { RecordMessageEdit, RecordMessageRevoke, RecordReaction } from '../commands/provider-events/record-message-changes.handlers';
import { StartConversation } from '../commands/start-conversation/start-conversation.handler';
import { ReceiveInboundMessage } from '../commands/receive-inbound-message/receive-inbound-message.command';
import { RecordDeliveryStatus, RecordDeliveryStatuses } from '../commands/record-delivery-status/record-delivery-status.handler';

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

  override async recordDeliveryStatuses(connection: Connection<any>, updates: DeliveryStatusUpdate[]): Promise<void> {
    await this.commands.execute(new RecordDeliveryStatuses(connection, updates));
  }

  recordAgentEcho(connection: Connection<any>, echo: AgentEcho) {
    return this.commands.execute(new RecordAgentEcho(connection, echo));
  }

  recordEdit(connection: Connection<any>, edit: MessageEdit): Promise<boolean> {
    return this.commands.execute(new RecordMessageEdit(connection, edit));
  }

  recordRevoke(connection: Connection<any>, providerMessageId: string, at: Date): Promise<boolean> {
    return this.commands.execute(new RecordMessageRevoke(connection, providerMessageId, at));
  }

  recordReaction(connection: Connection<any>, reaction: MessageReaction): Promise<boolean> {
    return this.commands.execute(new RecordReaction(connection, reaction));
  }
}
