import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Logger, Options, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags,
  ApiTooManyRequestsResponse, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  ConversationInbox, ConversationLookup, Public, RateLimits, sourceAddress, TooManyRequests, ValidationFailed, type Connection, type DeliveryStatusUpdate,
} from '@confab/plugin-sdk';
import { limitsOf, type WebWidgetConfig } from './web-widget.config';
import { widgetProviderId } from './web-widget-channel';
import { bearerToken, WidgetAccess } from './widget-access';
import { tokenRoutePreflight } from './widget-sessions.controller';
import { widgetCustomer } from './widget-customer';
import type { WidgetSession } from './session-token';
import { SendWidgetMessageDto, SentWidgetMessageView, WidgetMessagesView, WidgetReceiptsDto } from './widget.dto';
import { VisitorWake } from './visitor-wake';

const HISTORY_LIMIT = 100;
/** Receipts name messages the widget has shown, which are among the newest; older ids are ignored. */
const RECEIPT_WINDOW = 200;

/** The visitor's side of the conversation: history, sending, receipts. Every route takes the session token. */
@ApiTags('Web widget')
@ApiBearerAuth('widget-session')
@Public()
@Controller('api/v1/widget')
export class WidgetChatController {
  private readonly logger = new Logger('WebWidget');

  constructor(
    private readonly access: WidgetAccess,
    private readonly inbox: ConversationInbox,
    private readonly lookup: ConversationLookup,
    private readonly limits: RateLimits,
    private readonly wake: VisitorWake,
  ) {}

  @Options('messages')
  @HttpCode(204)
  @ApiOperation({ summary: 'CORS preflight for token routes (the token decides on the actual request)' })
  @ApiNoContentResponse({ description: 'Preflight answered' })
  messagesPreflight(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    tokenRoutePreflight(req, res, 'GET, POST');
  }

  @Options('receipts')
  @HttpCode(204)
  @ApiOperation({ summary: 'CORS preflight for token routes (the token decides on the actual request)' })
  @ApiNoContentResponse({ description: 'Preflight answered' })
  receiptsPreflight(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    tokenRoutePreflight(req, res, 'POST');
  }

  @Get('messages')
  @ApiOperation({ summary: "The visitor's conversation on this widget, oldest first (what the visitor may see: no tools, costs or notes)" })
  @ApiOkResponse({ type: WidgetMessagesView })
  @ApiUnauthorizedResponse({ description: 'The token is missing, invalid or expired' })
  @ApiForbiddenResponse({ description: 'Used from another origin than the one the session belongs to' })
  async history(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<WidgetMessagesView> {
    const { session, connection } = await this.access.caller(req, res, bearerToken(req));
    res.setHeader('Cache-Control', 'no-store');
    const conversation = await this.lookup.latestForCustomer(connection, widgetCustomer(session).identities);
    if (!conversation) return { messages: [] };
    const rows = await this.lookup.transcript(connection.tenantId, conversation.id, HISTORY_LIMIT);
    return {
      messages: rows.map((m) => ({
        id: m.id, turnId: null, author: m.author, text: m.text, createdAt: m.createdAt.toISOString(), status: m.deliveryStatus, agentName: m.agentName,
      })),
    };
  }

  @Post('messages')
  @HttpCode(202)
  @ApiOperation({ summary: 'Sends a visitor message; the reply arrives over /api/v1/widget/events. Idempotent per clientMessageId.' })
  @ApiAcceptedResponse({ type: SentWidgetMessageView })
  @ApiBadRequestResponse({ description: 'text is empty or longer than the widget allows, or clientMessageId is malformed' })
  @ApiUnauthorizedResponse({ description: 'The token is missing, invalid or expired' })
  @ApiForbiddenResponse({ description: 'Used from another origin than the one the session belongs to' })
  @ApiTooManyRequestsResponse({ description: 'A message limit is spent (visitor, address or widget); Retry-After and retryAfterSeconds say when to send again' })
  async send(@Body() dto: SendWidgetMessageDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SentWidgetMessageView> {
    const { session, connection } = await this.access.caller(req, res, bearerToken(req));
    const limits = limitsOf(connection.config);
    if (!dto.text.trim()) throw new ValidationFailed('text must not be empty', 'text');
    if (dto.text.length > limits.maxMessageLength) {
      throw new ValidationFailed(`text must be at most ${limits.maxMessageLength} characters (it has ${dto.text.length})`, 'text', { maxLength: limits.maxMessageLength });
    }
    const customer = widgetCustomer(session);
    try {
      await this.limits.admit([
        { policy: 'widget_message_visitor', key: `${connection.id}:${customer.key}`, perMinute: limits.messagesPerMinutePerVisitor, what: 'messages from one visitor' },
        { policy: 'widget_message_ip', key: `${connection.id}:${sourceAddress(req)}`, perMinute: limits.messagesPerMinutePerIp, what: 'messages from one address' },
        { policy: 'widget_message_connection', key: connection.id, perMinute: limits.messagesPerMinutePerConnection, what: 'messages on this widget' },
      ]);
      // The installation's own ceilings for any channel's customers still apply on top.
      await this.limits.admitInbound(connection, customer.key);
    } catch (err) {
      if (err instanceof TooManyRequests) await this.noteRefusal(connection, session, dto.text.length);
      throw err;
    }
    const accepted = await this.inbox.accept(connection, {
      // Scoped to the visitor: two visitors' widgets may make the same client id.
      providerMessageId: `${customer.key}:${dto.clientMessageId}`,
      customer: { identities: customer.identities, ...(session.name ? { displayName: session.name } : {}) },
      text: dto.text,
      sentAt: new Date(),
      ...(session.email ? { variables: { email: session.email } } : {}),
      metadata: { origin: session.origin, ...(session.locale ? { locale: session.locale } : {}) },
    });
    this.wake.notify(connection.id, customer.key);
    return { id: accepted.messageId, conversationId: accepted.conversationId };
  }

  @Post('receipts')
  @HttpCode(204)
  @ApiOperation({ summary: 'The widget showed these messages (delivered) or showed them in an open, visible panel (read)' })
  @ApiNoContentResponse({ description: 'Recorded; ids that are not replies in the visitor\'s conversation are ignored' })
  @ApiUnauthorizedResponse({ description: 'The token is missing, invalid or expired' })
  @ApiForbiddenResponse({ description: 'Used from another origin than the one the session belongs to' })
  async receipts(@Body() dto: WidgetReceiptsDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const { session, connection } = await this.access.caller(req, res, bearerToken(req));
    if (!dto.delivered?.length && !dto.read?.length) return;
    const conversation = await this.lookup.latestForCustomer(connection, widgetCustomer(session).identities);
    if (!conversation) return;
    // Only replies in the visitor's own conversation: a guessed id of someone else's message changes nothing.
    const replies = new Set((await this.lookup.transcript(connection.tenantId, conversation.id, RECEIPT_WINDOW)).filter((m) => m.author !== 'customer').map((m) => m.id));
    const at = new Date();
    const updates: DeliveryStatusUpdate[] = [];
    for (const [status, ids] of [['delivered', dto.delivered], ['read', dto.read]] as const) {
      for (const id of new Set(ids ?? [])) if (replies.has(id)) updates.push({ providerMessageId: widgetProviderId(id), status, at });
    }
    if (updates.length) await this.inbox.recordDeliveryStatuses(connection, updates);
  }

  /**
   * A refused message is listed in the unanswered queue (reason rate_limited) in the visitor's open conversation,
   * once per visitor and minute so a flood cannot turn into a flood of writes. Its text is not kept: it was refused.
   */
  private async noteRefusal(connection: Connection<WebWidgetConfig>, session: WidgetSession, length: number): Promise<void> {
    const customer = widgetCustomer(session);
    try {
      const open = await this.lookup.latestForCustomer(connection, customer.identities);
      if (!open || open.status !== 'open') return;
      try {
        await this.limits.admit([{ policy: 'widget_refusal_note', key: `${connection.id}:${customer.key}`, perMinute: 1, what: 'refusal notes' }]);
      } catch (err) {
        if (err instanceof TooManyRequests) return;
        throw err;
      }
      await this.inbox.accept(connection, {
        providerMessageId: `refused:${randomUUID()}`,
        customer: { identities: customer.identities },
        conversationId: open.id,
        sentAt: new Date(),
        refused: 'rate_limited',
        metadata: { refusedLength: length },
      });
    } catch (err) {
      // The 429 is the answer that matters; a note that cannot be written is only logged.
      this.logger.warn({ msg: 'Could not note a rate-limited widget message', connectionId: connection.id, error: (err as Error).message });
    }
  }
}
