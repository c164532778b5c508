import { Controller, Get, Header, HttpCode, Inject, Logger, Param, ParseUUIDPipe, Post, Query, Req, UnauthorizedException, ForbiddenException, type RawBodyRequest } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { ConnectionDirectory, ConversationInbox, Public, type Connection } from '@confab/plugin-sdk';
import { parseNotification } from './wire/webhook-parser';
import { WHATSAPP_PRICE_ROWS } from './wire/pricing';
import { verifyMetaSignature, verifyTokenMatches } from './signature';
import { toStatusUpdate, type UnpricedCharge } from './status-mapping';
import type { WhatsAppConnectionConfig } from './whatsapp.config';
import { WHATSAPP_OPTIONS, type WhatsAppModuleOptions } from './whatsapp.options';

/**
 * Meta's callback for one connection. The signature is checked on the raw bytes before anything is stored; every
 * item is committed (idempotently) before the 200, so a retry from Meta after a crash changes nothing twice.
 * The AI never runs here: the lifecycle schedules it.
 */
@ApiExcludeController()
@Public()
@Controller('webhooks/whatsapp')
export class WhatsAppWebhookController {
  private readonly logger = new Logger('WhatsAppWebhook');

  constructor(
    private readonly directory: ConnectionDirectory,
    private readonly inbox: ConversationInbox,
    @Inject(WHATSAPP_OPTIONS) private readonly options: WhatsAppModuleOptions,
  ) {}

  @Get(':connectionId')
  @Header('content-type', 'text/plain')
  async verify(
    @Param('connectionId', ParseUUIDPipe) id: string,
    @Query('hub.mode') mode: string,
    @Query('hub.verify_token') token: string,
    @Query('hub.challenge') challenge: string,
  ): Promise<string> {
    const connection = await this.directory.load<WhatsAppConnectionConfig>(id, { type: 'whatsapp' });
    if (mode !== 'subscribe' || !verifyTokenMatches(token, connection.config.verifyToken)) {
      this.logger.warn({ msg: 'Webhook verification refused', connectionId: id });
      throw new ForbiddenException('Verification token mismatch');
    }
    return challenge ?? '';
  }

  @Post(':connectionId')
  @HttpCode(200)
  async receive(@Param('connectionId', ParseUUIDPipe) id: string, @Req() req: RawBodyRequest<Request>): Promise<{ received: Record<string, number> }> {
    const connection = await this.directory.load<WhatsAppConnectionConfig>(id, { type: 'whatsapp' });
    if (!verifyMetaSignature(req.rawBody, req.header('x-hub-signature-256'), connection.config.appSecret)) {
      this.logger.warn({ msg: 'Webhook signature missing or wrong; nothing stored', connectionId: id });
      throw new UnauthorizedException('Invalid X-Hub-Signature-256');
    }
    return { received: await this.process(connection, req.body) };
  }

  private async process(connection: Connection<WhatsAppConnectionConfig>, payload: unknown): Promise<Record<string, number>> {
    // A payload without a timestamp is dated when it arrived (Meta always sends one; placeholders in docs do not).
    const parsed = parseNotification(payload, { fallbackTime: new Date() });
    const mine = (phoneNumberId?: string) => !phoneNumberId || phoneNumberId === connection.config.phoneNumberId;
    const rows = this.options.priceRows ?? WHATSAPP_PRICE_ROWS;
    const counts = { messages: 0, duplicates: 0, statuses: 0, echoes: 0, edits: 0, revokes: 0, reactions: 0, ignored: 0 };
    for (const { phoneNumberId, message } of parsed.messages) {
      if (!mine(phoneNumberId)) { counts.ignored++; continue; }
      const accepted = await this.inbox.accept(connection, message);
      accepted.duplicate ? counts.duplicates++ : counts.messages++;
    }
    for (const reaction of parsed.reactions) {
      await this.inbox.recordReaction(connection, { targetProviderMessageId: reaction.targetProviderMessageId, emoji: reaction.emoji, customer: { identities: reaction.from }, at: reaction.at });
      counts.reactions++;
    }
    for (const edit of parsed.edits) {
      await this.inbox.recordEdit(connection, { providerMessageId: edit.providerMessageId, text: edit.newText, attachments: edit.attachments, at: edit.at });
      counts.edits++;
    }
    for (const revoke of parsed.revokes) {
      await this.inbox.recordRevoke(connection, revoke.providerMessageId, revoke.at);
      counts.revokes++;
    }
    for (const echo of parsed.echoes) {
      if (!mine(echo.phoneNumberId) || echo.kind === 'edit' || echo.kind === 'revoke' || echo.kind === 'reaction') { counts.ignored++; continue; }
      await this.inbox.recordAgentEcho(connection, {
        providerMessageId: echo.providerMessageId, customer: { identities: echo.to }, text: echo.text, attachments: echo.attachments,
        sentAt: echo.at, pauseAi: connection.config.pauseAiOnEcho !== false,
      });
      counts.echoes++;
    }
    // Statuses are most of the traffic: the callback's statuses commit in one transaction.
    const updates = parsed.statuses.filter((status) => mine(status.phoneNumberId)).map((status) => toStatusUpdate(status, rows, (unpriced) => this.warnUnpriced(connection, unpriced)));
    counts.ignored += parsed.statuses.length - updates.length;
    if (updates.length) await this.inbox.recordDeliveryStatuses(connection, updates);
    counts.statuses += updates.length;
    if (parsed.errors.length || parsed.other.length || parsed.systemEvents.length) {
      this.logger.log({ msg: 'WhatsApp notification items kept in the log only', connectionId: connection.id, errors: parsed.errors, other: parsed.other.map((o) => o.field), system: parsed.systemEvents.map((s) => s.type) });
    }
    return counts;
  }

  /** The fee is kept as unpriced (never as free); the operator adds the missing rate to WHATSAPP_PRICES_FILE. */
  private warnUnpriced(connection: Connection<WhatsAppConnectionConfig>, unpriced: UnpricedCharge): void {
    this.logger.warn({
      msg: `WhatsApp charged a message the rate card cannot price (market ${unpriced.market ?? 'unknown'}, category ${unpriced.category}); recorded as unpriced, not free. Add the rate to WHATSAPP_PRICES_FILE`,
      connectionId: connection.id, tenantId: connection.tenantId, ...unpriced,
    });
  }
}
