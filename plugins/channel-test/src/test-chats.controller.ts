import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Conflict, ConnectionDirectory, ConversationInbox, ConversationLookup, ConversationReplies, CurrentAuth, NotFound, ParseUuidParam, PluginRegistry, RateLimits, RequireScope, type AssistantDraft, type AuthContext } from '@confab/plugin-sdk';
import { AcceptedTestMessageView, AssistantDraftDto, StartTestChatDto, TestChatView, TestMessageDto } from './test-chats.dto';

@ApiTags('Test chats')
@ApiBearerAuth()
@Controller('api/v1')
export class TestChatsController {
  constructor(
    private readonly directory: ConnectionDirectory,
    private readonly inbox: ConversationInbox,
    private readonly lookup: ConversationLookup,
    private readonly replies: ConversationReplies,
    private readonly limits: RateLimits,
    private readonly registry: PluginRegistry,
  ) {}

  @Post('assistants/:id/test-chats')
  // Agents try assistants out too; configuration stays with admins (a draft is only ever kept with the test chat).
  @RequireScope('conversations')
  @ApiCreatedResponse({ type: TestChatView })
  async start(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) assistantId: string, @Body() dto: StartTestChatDto): Promise<TestChatView> {
    const connection = await this.directory.ensure(auth.tenantId, 'test', assistantId);
    const assistantDraft = dto.draft ? await this.checkedDraft(auth.tenantId, dto.draft) : undefined;
    const { conversationId } = await this.inbox.start(connection, {
      // Each test chat is its own pretend customer, so chats never merge.
      customer: { identities: [{ kind: 'test', value: `test-${randomUUID()}` }], displayName: dto.name ?? 'Test chat' },
      tags: ['test'],
      variables: dto.variables,
      assistantDraft,
    });
    return { id: conversationId, assistantId, channel: 'test' };
  }

  /** A draft's tools pass the checks saving them would (errors name draft.tools.0.config.x), so trying never fails later. */
  private async checkedDraft(tenantId: string, draft: AssistantDraftDto): Promise<AssistantDraft> {
    const { systemPrompt, model, temperature, tools } = draft;
    return {
      ...(systemPrompt !== undefined ? { systemPrompt } : {}),
      ...(model !== undefined ? { model } : {}),
      ...(temperature !== undefined ? { temperature } : {}),
      ...(tools !== undefined ? { tools: await this.registry.checkToolSettings(tenantId, tools, 'draft.tools') } : {}),
    };
  }

  @Post('conversations/:id/messages')
  @RequireScope('conversations')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: AcceptedTestMessageView, description: 'The customer message is stored; the AI reply follows' })
  async message(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) conversationId: string, @Body() dto: TestMessageDto): Promise<AcceptedTestMessageView> {
    const conversation = await this.lookup.find(auth.tenantId, conversationId);
    if (!conversation) throw new NotFound('conversation', conversationId);
    if (conversation.channel !== 'test') {
      throw new Conflict('NOT_A_TEST_CHAT', `Conversation ${conversationId} is a ${conversation.channel} conversation; only test chats take customer messages here. To write as the business, use POST /api/v1/conversations/${conversationId}/agent-messages.`);
    }
    const connection = await this.directory.load(conversation.connectionId, { type: 'test', tenantId: auth.tenantId });
    // A test chat is its own customer; test chats run real (paid) model calls, so they are limited like live ones.
    await this.limits.admitInbound(connection, conversationId);
    const accepted = await this.inbox.accept(connection, {
      providerMessageId: randomUUID(),
      conversationId,
      customer: { identities: [] },
      text: dto.text,
      sentAt: new Date(),
    });
    if (!dto.wait) return { conversationId, messageId: accepted.messageId };
    const outcome = await this.replies.waitForReply(auth.tenantId, conversationId, accepted.messageId, dto.timeoutMs ?? 30_000);
    return { conversationId, messageId: accepted.messageId, status: outcome.state, replies: outcome.replies };
  }
}
