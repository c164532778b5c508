import { randomUUID } from 'node:crypto';
import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ConnectionDirectory, ConversationInbox, ConversationReplies, CurrentAuth, ParseUuidParam, RateLimits, type AuthContext } from '@confab/plugin-sdk';
import type { ApiChannelConfig } from './api-channel.config';
import { ApiMessageDto, ApiMessageResultView } from './api-messages.dto';

@ApiTags('API channel')
@ApiBearerAuth()
@Controller('api/v1/channels')
export class ApiMessagesController {
  constructor(
    private readonly directory: ConnectionDirectory,
    private readonly inbox: ConversationInbox,
    private readonly replies: ConversationReplies,
    private readonly limits: RateLimits,
  ) {}

  @Post(':id/messages')
  @ApiOkResponse({ type: ApiMessageResultView, description: 'sync mode: the reply is included' })
  @ApiAcceptedResponse({ type: ApiMessageResultView, description: 'async mode, or sync mode that timed out: the reply follows' })
  async send(
    @CurrentAuth() auth: AuthContext,
    @Param('id', ParseUuidParam) connectionId: string,
    @Body() dto: ApiMessageDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ApiMessageResultView> {
    const connection = await this.directory.load<ApiChannelConfig>(connectionId, { type: 'api', tenantId: auth.tenantId });
    // Each message may cost a model call: one customer (or one connection) flooding is refused before it is stored.
    await this.limits.admitInbound(connection, dto.customerId);
    const accepted = await this.inbox.accept(connection, {
      providerMessageId: dto.messageId ?? randomUUID(),
      // Customer ids are the application's own, so they are namespaced by the connection.
      customer: { identities: [{ kind: `external:${connection.id}`, value: dto.customerId }], displayName: dto.customerName },
      text: dto.text,
      variables: dto.variables,
      sentAt: new Date(),
    });
    const base = { conversationId: accepted.conversationId, messageId: accepted.messageId, duplicate: accepted.duplicate };
    if (dto.mode === 'async') {
      res.status(202);
      return { ...base, status: 'pending', replies: [] };
    }
    const outcome = await this.replies.waitForReply(auth.tenantId, accepted.conversationId, accepted.messageId, dto.timeoutMs ?? 30_000);
    // 202 only while a reply is still coming; every other outcome is final for this request.
    res.status(outcome.state === 'pending' ? 202 : 200);
    return { ...base, status: outcome.state, replies: outcome.replies };
  }
}
