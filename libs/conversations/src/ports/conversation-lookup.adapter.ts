import { Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { ConversationLookup, type Connection, type ConversationSummary, type CustomerConversation, type CustomerIdentity, type TranscriptMessage } from '@confab/plugin-sdk';
import { Conversation } from '../entities/conversation.entity';
import { CustomerIdentityRecord } from '../entities/customer.entity';
import { Message } from '../entities/message.entity';
import { agentNameOf } from '../live/live-views';

@Injectable()
export class ConversationLookupAdapter extends ConversationLookup {
  constructor(private readonly db: Db) {
    super();
  }

  async find(tenantId: string, conversationId: string): Promise<ConversationSummary | null> {
    const found = await this.db.forTenant(tenantId).findOne(Conversation, { id: conversationId });
    return found ? { id: found.id, channel: found.channel, connectionId: found.connectionId, assistantId: found.assistantId } : null;
  }

  async latestForCustomer(connection: Connection<any>, identities: CustomerIdentity[]): Promise<CustomerConversation | null> {
    if (!identities.length) return null;
    const em = this.db.forTenant(connection.tenantId);
    const known = await em.find(CustomerIdentityRecord, { $or: identities.map(({ kind, value }) => ({ kind, value })) });
    // The inbox resolves a message's identities in the order given, so the same one decides here.
    const first = identities.map((i) => known.find((k) => k.kind === i.kind && k.value === i.value)).find(Boolean);
    if (!first) return null;
    // The open conversation is the one the next message goes to; a closed one is still shown until then.
    const [open] = await em.find(Conversation, { connectionId: connection.id, customerId: first.customerId, status: 'open' }, { orderBy: { createdAt: 'desc' }, limit: 1 });
    const found = open ?? (await em.find(Conversation, { connectionId: connection.id, customerId: first.customerId }, { orderBy: { createdAt: 'desc' }, limit: 1 }))[0];
    return found ? { id: found.id, status: found.status, owner: found.owner } : null;
  }

  async transcript(tenantId: string, conversationId: string, limit: number): Promise<TranscriptMessage[]> {
    const rows = await this.db.forTenant(tenantId).find(
      Message,
      { conversationId, text: { $ne: null }, revokedAt: null },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit },
    );
    return rows.reverse().map((m) => ({
      id: m.id,
      author: m.author,
      text: m.text ?? '',
      createdAt: m.createdAt,
      deliveryStatus: m.direction === 'outbound' ? (m.deliveryStatus ?? null) : null,
      agentName: m.author === 'agent' ? agentNameOf(m.metadata) : null,
    }));
  }
}
