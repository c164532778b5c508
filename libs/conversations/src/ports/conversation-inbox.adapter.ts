import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DriverException } from '@mikro-orm/core';
import {
  ConversationInbox,
  ValidationFailed,
  toStorableValue,
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

/**
 * The database refused the content itself (SQLSTATE class 22 "data exception", a NOT NULL or CHECK rule): storing
 * the same item again will fail again, so a provider webhook acknowledges it instead of making the provider
 * redeliver, and a synchronous channel (API) answers 400.
 */
export class InboundContentRefused extends ValidationFailed {
  constructor(sqlState: string) {
    // The driver's message may quote the statement's values (customer content): only the SQLSTATE is kept.
    super(`The database cannot store this inbound item (SQLSTATE ${sqlState})`, undefined, { sqlState });
  }
}

/**
 * Binds the SDK's inbound port to the lifecycle commands. Every channel's inbound traffic passes here, so this is
 * the one place that makes provider text storable: NUL and lone surrogates become U+FFFD in every string (text,
 * names, ids, captions, kept provider payloads, error texts), with a warning naming the fields. An id repaired this
 * way is stored repaired: the item is kept (a redelivery repairs it the same way and is deduplicated).
 */
@Injectable()
export class ConversationInboxAdapter extends ConversationInbox {
  private readonly logger = new Logger('ConversationInbox');

  constructor(private readonly commands: CommandBus) {
    super();
  }

  start(connection: Connection<any>, input: StartConversationInput): Promise<{ conversationId: string }> {
    return this.run(new StartConversation(connection, this.storable(connection, 'start', input)));
  }

  accept(connection: Connection<any>, message: InboundMessage): Promise<AcceptedMessage> {
    return this.run(new ReceiveInboundMessage(connection, this.storable(connection, 'message', message)));
  }

  async recordDeliveryStatus(connection: Connection<any>, update: DeliveryStatusUpdate): Promise<void> {
    await this.run(new RecordDeliveryStatus(connection, this.storable(connection, 'status', update)));
  }

  override async recordDeliveryStatuses(connection: Connection<any>, updates: DeliveryStatusUpdate[]): Promise<void> {
    await this.run(new RecordDeliveryStatuses(connection, updates.map((update) => this.storable(connection, 'status', update))));
  }

  recordAgentEcho(connection: Connection<any>, echo: AgentEcho): Promise<{ conversationId: string | null; duplicate: boolean }> {
    return this.run(new RecordAgentEcho(connection, this.storable(connection, 'echo', echo)));
  }

  recordEdit(connection: Connection<any>, edit: MessageEdit): Promise<boolean> {
    return this.run(new RecordMessageEdit(connection, this.storable(connection, 'edit', edit)));
  }

  recordRevoke(connection: Connection<any>, providerMessageId: string, at: Date): Promise<boolean> {
    return this.run(new RecordMessageRevoke(connection, this.storable(connection, 'revoke', { providerMessageId }).providerMessageId, at));
  }

  recordReaction(connection: Connection<any>, reaction: MessageReaction): Promise<boolean> {
    return this.run(new RecordReaction(connection, this.storable(connection, 'reaction', reaction)));
  }

  private storable<T>(connection: Connection<any>, item: string, input: T): T {
    const { value, repaired } = toStorableValue(input);
    if (repaired.length > 0) {
      // Field names only: the content is the customer's and stays out of the log.
      this.logger.warn({ msg: `Inbound ${item} held NUL or lone-surrogate characters; stored with U+FFFD in their place`, connectionId: connection.id, tenantId: connection.tenantId, fields: repaired });
    }
    return value;
  }

  private async run<R>(command: object): Promise<R> {
    try {
      return await this.commands.execute(command as never);
    } catch (err) {
      throw contentRefusal(err) ?? err;
    }
  }
}

function contentRefusal(err: unknown): InboundContentRefused | null {
  if (!(err instanceof DriverException)) return null;
  const state = err.code ?? '';
  if (state.startsWith('22') || state === '23502' || state === '23514') return new InboundContentRefused(state);
  return null;
}
