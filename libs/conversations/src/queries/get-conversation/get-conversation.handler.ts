import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Db } from '@confab/persistence';
import { NotFound, PluginRegistry } from '@confab/plugin-sdk';
import { Conversation } from '../../entities/conversation.entity';
import { Message } from '../../entities/message.entity';
import { ToolCall } from '../../entities/tool-call.entity';
import type { ConversationDetailView } from '../../http/conversation.views';
import { windowView } from '../../domain/service-window';
import { listItem, messageView, toolCallView } from '../conversation-mappers';

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

  async execute({ tenantId, conversationId }: GetConversation): Promise<ConversationDetailView> {
    const em = this.db.forTenant(tenantId);
    const conversation = await em.findOne(Conversation, { id: conversationId });
    if (!conversation) throw new NotFound('conversation', conversationId);
    const [messages, toolCalls] = await Promise.all([
      em.find(Message, { conversationId }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      em.find(ToolCall, { conversationId }, { orderBy: { createdAt: 'asc' } }),
    ]);
    const hasWindow = this.registry.hasChannel(conversation.channel) && Boolean(this.registry.channel(conversation.channel).plugin.capabilities.serviceWindowHours);
    return {
      ...listItem(conversation),
      serviceWindow: windowView(conversation.serviceWindowExpiresAt, hasWindow),
      handoffReason: conversation.handoffReason ?? null,
      handoffSummary: conversation.handoffSummary ?? null,
      variables: conversation.variables,
      tokens: { promptTokens: conversation.promptTokens, cachedTokens: conversation.cachedTokens, completionTokens: conversation.completionTokens },
      messages: messages.map(messageView),
      toolCalls: toolCalls.map(toolCallView),
    };
  }
}
