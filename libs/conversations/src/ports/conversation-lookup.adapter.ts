import { Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { ConversationLookup, type ConversationSummary } from '@confab/plugin-sdk';
import { Conversation } from '../entities/conversation.entity';

@Injectable()
export class ConversationLookupAdapter extends ConversationLookup {
  constructor(private readonly db: Db) {
    super();
  }

  async find(tenantId: string, conversationId: string): Promise<ConversationSummary | null> {
    const found = await this.db.forTenant(tenantId).findOne(Conversation, { id: conversationId });
    return found ? { id: found.id, channel: found.channel, connectionId: found.connectionId, assistantId: found.assistantId } : null;
  }
}
