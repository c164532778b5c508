import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { IsolationLevel, type EntityManager } from '@mikro-orm/core';
import { Db, TENANT_FILTER } from '@confab/persistence';
import { NotFound, PluginRegistry } from '@confab/plugin-sdk';
import { Conversation } from '../../entities/conversation.entity';
import { Message } from '../../entities/message.entity';
import { ToolCall } from '../../entities/tool-call.entity';
import type { ConversationDetailView } from '../../http/conversation.views';
import { windowView } from '../../domain/service-window';
import { listItem, messageView, toolCallView, type QuotedIds } from '../conversation-mappers';

export class GetConversation extends Query<ConversationDetailView> {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
  ) {
    super();
  }
}

@QueryHandler(GetConversation)
export class GetConversationHandler implements IQueryHandler<GetConversation> {
  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
  ) {}

  /**
   * The row and its messages are read from one snapshot (REPEATABLE READ, read-only), so a reply committing
   * between the reads cannot make messageCount or the cost disagree with the messages.
   */
  async execute(query: GetConversation): Promise<ConversationDetailView> {
    return this.db.forTenant(query.tenantId).transactional(
      async (em) => {
        em.setFilterParams(TENANT_FILTER, { tenantId: query.tenantId });
        return this.read(em, query);
      },
      { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
    );
  }

  private async read(em: EntityManager, { conversationId }: GetConversation): Promise<ConversationDetailView> {
    const conversation = await em.findOne(Conversation, { id: conversationId });
    if (!conversation) throw new NotFound('conversation', conversationId);
    const [messages, toolCalls] = await Promise.all([
      em.find(Message, { conversationId }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      em.find(ToolCall, { conversationId }, { orderBy: { createdAt: 'asc' } }),
    ]);
    const quoted = await quotedIds(em, conversation.connectionId, messages);
    const hasWindow = this.registry.hasChannel(conversation.channel) && Boolean(this.registry.channel(conversation.channel).plugin.capabilities.serviceWindowHours);
    return {
      ...listItem(conversation),
      serviceWindow: windowView(conversation.serviceWindowExpiresAt, hasWindow),
      handoffSummary: conversation.handoffSummary ?? null,
      variables: conversation.variables,
      tokens: { promptTokens: conversation.promptTokens, cachedTokens: conversation.cachedTokens, completionTokens: conversation.completionTokens },
      messages: messages.map((m) => messageView(m, quoted)),
      toolCalls: toolCalls.map(toolCallView),
    };
  }
}

/**
 * Our ids for the messages customers quote. Most are in this conversation; a quote of an older conversation with
 * the same customer is looked up on the same connection (provider ids are only unique per connection).
 */
async function quotedIds(em: EntityManager, connectionId: string, messages: Message[]): Promise<QuotedIds> {
  const wanted = new Set(messages.map((m) => m.replyToProviderMessageId).filter((id): id is string => Boolean(id)));
  const found = new Map<string, string>();
  if (!wanted.size) return found;
  for (const m of messages) if (m.providerMessageId && wanted.has(m.providerMessageId)) found.set(m.providerMessageId, m.id);
  const missing = [...wanted].filter((id) => !found.has(id));
  if (missing.length) {
    const older = await em.find(Message, { connectionId, providerMessageId: { $in: missing } }, { fields: ['id', 'providerMessageId'], orderBy: { createdAt: 'asc' } });
    for (const m of older) if (m.providerMessageId && !found.has(m.providerMessageId)) found.set(m.providerMessageId, m.id);
  }
  return found;
}
