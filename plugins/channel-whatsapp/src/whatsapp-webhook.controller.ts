import { Controller, Get, Header, HttpCode, Inject, Ip, Logger, Param, Post, Query, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiBody, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { ConnectionDirectory, ConversationInbox, DomainError, Forbidden, ParseUuidParam, ProviderWebhook, Public, RateLimits, Unauthenticated, type Connection } from '@confab/plugin-sdk';
import { parseNotification } from './wire/webhook-parser';
import type { ParsedNotification } from './wire/parsed-notification';
import { WHATSAPP_PRICE_ROWS } from './wire/pricing';
import { verifyMetaSignature, verifyTokenMatches } from './signature';
import { toStatusUpdate, type UnpricedCharge } from './status-mapping';
import type { WhatsAppConnectionConfig } from './whatsapp.config';
import { WHATSAPP_OPTIONS, type WhatsAppModuleOptions } from './whatsapp.options';
import { recordWebhookHealth } from './connection-health';

/**
 * Meta's callback for one connection. The signature is checked on the raw bytes before anything is stored; every
 * item is committed (idempotently) before the 200, so a retry from Meta after a crash changes nothing twice.
 * The AI never runs here: the lifecycle schedules it.
 */
@ApiTags('WhatsApp webhook')
@Public()
@ProviderWebhook()
@Controller('webhooks/whatsapp')
export class WhatsAppWebhookController {
  private readonly logger = new Logger('WhatsAppWebhook');

  constructor(
    private readonly directory: ConnectionDirectory,
    private readonly inbox: ConversationInbox,
    @Inject(WHATSAPP_OPTIONS) private readonly options: WhatsAppModuleOptions,
    private readonly limits: RateLimits,
  ) {}

  /**
   * Failed checks count per sending address and connection: Meta's addresses serve every tenant, so one
   * connection with a wrong app secret must not slow the others down, and valid deliveries never count.
   */
  private source(ip: string | undefined, connectionId: string): string {
    return `${ip ?? 'unknown'}|${connectionId}`;
  }

  @Get(':connectionId')
  @Header('content-type', 'text/plain')
  @ApiOperation({ summary: "Meta's verification handshake when the webhook URL is registered (no API key)" })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'hub.challenge, echoed', schema: { type: 'string' } })
  @ApiForbiddenResponse({ description: 'hub.mode is not subscribe, or hub.verify_token is not the connection\'s verifyToken' })
  async verify(
    @Param('connectionId', ParseUuidParam) id: string,
    @Query('hub.mode') mode: string,
    @Query('hub.verify_token') token: string,
    @Query('hub.challenge') challenge: string,
    @Ip() ip?: string,
  ): Promise<string> {
    const source = this.source(ip, id);
    await this.limits.assertSourceAllowed('webhook_signature', source);
    const connection = await this.directory.load<WhatsAppConnectionConfig>(id, { type: 'whatsapp' });
    if (mode !== 'subscribe' || !verifyTokenMatches(token, connection.config.verifyToken)) {
      await this.limits.recordSourceFailure('webhook_signature', source);
      this.logger.warn({ msg: 'Webhook verification refused', connectionId: id });
      throw new Forbidden('Verification token mismatch');
    }
    return challenge ?? '';
  }

  @Post(':connectionId')
  @HttpCode(200)
  @ApiOperation({ summary: "Meta's notifications for the connection: messages, statuses, echoes (no API key; signed)" })
  @ApiHeader({ name: 'x-hub-signature-256', required: true, description: 'sha256=<HMAC-SHA256 of the raw body with the app secret>' })
  @ApiBody({ description: 'A WhatsApp Cloud API webhook notification (object, entry[].changes[].value)', schema: { type: 'object', additionalProperties: true } })
  @ApiOkResponse({ description: 'Stored; counts of what the notification held', schema: { type: 'object', properties: { received: { type: 'object', additionalProperties: { type: 'integer' } } }, required: ['received'] } })
  @ApiUnauthorizedResponse({ description: 'The signature is missing or wrong; nothing was stored' })
  async receive(@Param('connectionId', ParseUuidParam) id: string, @Req() req: RawBodyRequest<Request>): Promise<{ received: Record<string, number> }> {
    const source = this.source(req.ip, id);
    await this.limits.assertSourceAllowed('webhook_signature', source);
    const connection = await this.directory.load<WhatsAppConnectionConfig>(id, { type: 'whatsapp' });
    if (!verifyMetaSignature(req.rawBody, req.header('x-hub-signature-256'), connection.config.appSecret)) {
      await this.limits.recordSourceFailure('webhook_signature', source);
      this.logger.warn({ msg: 'Webhook signature missing or wrong; nothing stored', connectionId: id });
      throw new Unauthenticated('Invalid X-Hub-Signature-256');
    }
    return { received: await this.process(connection, req.body) };
  }

  private async process(connection: Connection<WhatsAppConnectionConfig>, payload: unknown): Promise<Record<string, number>> {
    const counts = { messages: 0, duplicates: 0, statuses: 0, echoes: 0, edits: 0, revokes: 0, reactions: 0, ignored: 0, refused: 0 };
    let parsed: ParsedNotification;
    try {
      // A payload without a timestamp is dated when it arrived (Meta always sends one; placeholders in docs do not).
      parsed = parseNotification(payload, { fallbackTime: new Date() });
    } catch (err) {
      // The parser is meant to be total; if some shape still breaks it, a redelivery would break it again.
      this.logger.error({ msg: 'WhatsApp notification could not be read; acknowledged and kept in the log only', connectionId: connection.id, error: describe(err) });
      await this.recordHealth(connection, null);
      return counts;
    }
    await this.recordHealth(connection, parsed);
    const mine = (phoneNumberId?: string) => !phoneNumberId || phoneNumberId === connection.config.phoneNumberId;
    const rows = this.options.priceRows ?? WHATSAPP_PRICE_ROWS;
    // Each item is stored on its own: one that the core refuses is logged and skipped, the others are still kept.
    const batch = new ItemBatch(this.logger, connection.id, counts);
    for (const { phoneNumberId, message } of parsed.messages) {
      if (!mine(phoneNumberId)) { counts.ignored++; continue; }
      await batch.item('message', message.providerMessageId, async () => {
        const accepted = await this.inbox.accept(connection, message);
        accepted.duplicate ? counts.duplicates++ : counts.messages++;
      });
    }
    for (const reaction of parsed.reactions) {
      await batch.item('reaction', reaction.reactionId, async () => {
        await this.inbox.recordReaction(connection, { targetProviderMessageId: reaction.targetProviderMessageId, emoji: reaction.emoji, customer: { identities: reaction.from }, at: reaction.at });
        counts.reactions++;
      });
    }
    for (const edit of parsed.edits) {
      await batch.item('edit', edit.providerMessageId, async () => {
        await this.inbox.recordEdit(connection, { providerMessageId: edit.providerMessageId, text: edit.newText, attachments: edit.attachments, at: edit.at });
        counts.edits++;
      });
    }
    for (const revoke of parsed.revokes) {
      await batch.item('revoke', revoke.providerMessageId, async () => {
        await this.inbox.recordRevoke(connection, revoke.providerMessageId, revoke.at);
        counts.revokes++;
      });
    }
    for (const echo of parsed.echoes) {
      if (!mine(echo.phoneNumberId) || echo.kind === 'edit' || echo.kind === 'revoke' || echo.kind === 'reaction') { counts.ignored++; continue; }
      await batch.item('echo', echo.providerMessageId, async () => {
        await this.inbox.recordAgentEcho(connection, {
          providerMessageId: echo.providerMessageId, customer: { identities: echo.to }, text: echo.text, attachments: echo.attachments,
          sentAt: echo.at, pauseAi: connection.config.pauseAiOnEcho !== false,
        });
        counts.echoes++;
      });
    }
    // Statuses are most of the traffic: the callback's statuses commit in one transaction. If the core refuses that
    // batch for its content, they are stored one by one, so one bad status never costs the others.
    const updates = parsed.statuses.filter((status) => mine(status.phoneNumberId)).map((status) => toStatusUpdate(status, rows, (unpriced) => this.warnUnpriced(connection, unpriced)));
    counts.ignored += parsed.statuses.length - updates.length;
    let statusesRefused = false;
    if (updates.length) {
      await batch.item('statuses', undefined, async () => {
        try {
          await this.inbox.recordDeliveryStatuses(connection, updates);
          counts.statuses += updates.length;
        } catch (err) {
          if (!(err instanceof DomainError) || updates.length === 1) throw err;
          statusesRefused = true;
        }
      });
    }
    if (statusesRefused) {
      for (const update of updates) {
        await batch.item('status', update.providerMessageId, async () => {
          await this.inbox.recordDeliveryStatus(connection, update);
          counts.statuses++;
        });
      }
    }
    if (parsed.errors.length || parsed.other.length || parsed.systemEvents.length) {
      this.logger.log({ msg: 'WhatsApp notification items kept in the log only', connectionId: connection.id, errors: parsed.errors, other: parsed.other.map((o) => o.field), system: parsed.systemEvents.map((s) => s.type) });
    }
    batch.rethrowInfrastructureFailure();
    return counts;
  }

  /** Health is a convenience for the dashboard: failing to store it must never cost Meta's delivery. */
  private async recordHealth(connection: Connection<WhatsAppConnectionConfig>, parsed: ParsedNotification | null): Promise<void> {
    try {
      await recordWebhookHealth(this.directory, connection, parsed);
    } catch (err) {
      this.logger.warn({ msg: 'Could not store the connection health', connectionId: connection.id, error: describe(err) });
    }
  }

  /** The fee is kept as unpriced (never as free); the operator adds the missing rate to WHATSAPP_PRICES_FILE. */
  private warnUnpriced(connection: Connection<WhatsAppConnectionConfig>, unpriced: UnpricedCharge): void {
    this.logger.warn({
      msg: `WhatsApp charged a message the rate card cannot price (market ${unpriced.market ?? 'unknown'}, category ${unpriced.category}); recorded as unpriced, not free. Add the rate to WHATSAPP_PRICES_FILE`,
      connectionId: connection.id, tenantId: connection.tenantId, ...unpriced,
    });
  }
}

/**
 * Runs the items of one notification one by one. A DomainError is the core refusing this item's content: storing
 * it again would fail again, so it is logged and counted as `refused` and the webhook still answers 200. Any other
 * failure (database or Redis down) is remembered while the remaining items are stored, then rethrown so the answer
 * is a 5xx and Meta redelivers: the items already stored are deduplicated on redelivery.
 */
class ItemBatch {
  private failure: unknown = null;

  constructor(private readonly logger: Logger, private readonly connectionId: string, private readonly counts: { refused: number }) {}

  async item(kind: string, providerId: string | undefined, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      if (err instanceof DomainError) {
        this.counts.refused++;
        this.logger.warn({ msg: `WhatsApp ${kind} refused by the core; acknowledged so Meta does not redeliver it`, connectionId: this.connectionId, providerId, code: err.code, reason: err.message });
        return;
      }
      this.logger.error({ msg: `WhatsApp ${kind} could not be stored; the notification will be answered 5xx so Meta redelivers it`, connectionId: this.connectionId, providerId, error: describe(err) });
      this.failure ??= err;
    }
  }

  rethrowInfrastructureFailure(): void {
    if (this.failure !== null) throw this.failure;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message.split('\n')[0]}` : String(err);
}
