import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentAuth, ParseUuidParam, RequireScope, type AuthContext } from '@confab/plugin-sdk';
import { ListConversations } from '../queries/list-conversations/list-conversations.query';
import { GetConversation } from '../queries/get-conversation/get-conversation.handler';
import { CloseConversation, HandOverToHuman, ResumeAi } from '../commands/hand-over/hand-over.handlers';
import { SendAgentMessage } from '../commands/send-agent-message/send-agent-message.handler';
import { RetryDelivery, RetryReply } from '../commands/retry/retry.handlers';
import { AgentMessageDto, HandoffDto, ListConversationsQueryDto } from './conversation.dto';
import { ConversationDetailView, ConversationListView, VariableView } from './conversation.views';
import { QueuedMessageView, RetriedRepliesView } from './command-results.views';

@ApiTags('Conversations')
@ApiBearerAuth()
// The conversation's variables map refers to VariableView by name; this puts it in the document's components.
@ApiExtraModels(VariableView)
@Controller('api/v1')
export class ConversationsController {
  // Conversation actions need the 'conversations' scope (admin keys and agents have it; viewers do not).
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('conversations')
  @ApiOkResponse({ type: ConversationListView })
  list(@CurrentAuth() auth: AuthContext, @Query() q: ListConversationsQueryDto): Promise<ConversationListView> {
    const { limit, cursor, ...filter } = q;
    return this.queries.execute(new ListConversations(auth.tenantId, filter, limit ?? 50, cursor));
  }

  @Get('conversations/:id')
  @ApiOkResponse({ type: ConversationDetailView })
  get(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<ConversationDetailView> {
    return this.queries.execute(new GetConversation(auth.tenantId, id));
  }

  @Post('conversations/:id/agent-messages')
  @RequireScope('conversations')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: QueuedMessageView, description: 'Stored and queued for sending; the AI is paused on this conversation' })
  @ApiConflictResponse({ description: "SERVICE_WINDOW_CLOSED: the channel's service window is closed" })
  agentMessage(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string, @Body() dto: AgentMessageDto) {
    return this.commands.execute(new SendAgentMessage(auth.tenantId, id, dto.text, dto.agentName, auth.operator));
  }

  @Post('conversations/:id/handoff')
  @RequireScope('conversations')
  @HttpCode(200)
  @ApiOkResponse({ type: ConversationDetailView })
  async handoff(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string, @Body() dto: HandoffDto) {
    await this.commands.execute(new HandOverToHuman(auth.tenantId, id, dto.reason ?? (auth.operator ? `Taken over by ${auth.operator.name}` : 'Taken over by an agent'), 'agent', auth.operator));
    return this.get(auth, id);
  }

  @Post('conversations/:id/resume-ai')
  @RequireScope('conversations')
  @HttpCode(200)
  @ApiOkResponse({ type: ConversationDetailView })
  async resume(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string) {
    await this.commands.execute(new ResumeAi(auth.tenantId, id, auth.operator));
    return this.get(auth, id);
  }

  @Post('conversations/:id/close')
  @RequireScope('conversations')
  @HttpCode(200)
  @ApiOkResponse({ type: ConversationDetailView, description: "The customer's next message opens a new conversation" })
  async close(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string, @Body() dto: HandoffDto) {
    await this.commands.execute(new CloseConversation(auth.tenantId, id, dto.reason ?? null, auth.operator));
    return this.get(auth, id);
  }

  @Post('conversations/:id/retry-reply')
  @RequireScope('conversations')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RetriedRepliesView, description: 'Failed customer messages are queued for a new AI reply' })
  retryReply(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string) {
    return this.commands.execute(new RetryReply(auth.tenantId, id));
  }

  @Post('messages/:id/retry-delivery')
  @RequireScope('conversations')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: QueuedMessageView, description: 'The failed outbound message is queued to be sent again' })
  retryDelivery(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string) {
    return this.commands.execute(new RetryDelivery(auth.tenantId, id));
  }
}
