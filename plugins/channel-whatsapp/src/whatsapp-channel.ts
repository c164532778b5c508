import { Inject, Injectable, Logger, Optional, type OnModuleDestroy } from '@nestjs/common';
import { keepAliveAgents } from '@confab/net';
import {
  Channel,
  ConnectionDirectory,
  type ChannelCapabilities,
  type ChannelPlugin,
  type Connection,
  type OutboundMessage,
  type SendRate,
  type SendResult,
  type TemplateSender,
  type TypingIndicator,
} from '@confab/plugin-sdk';
import { classifyGraphResponse } from './wire/graph-errors';
import { splitForWhatsApp, toWhatsAppText } from './wire/text-format';
import { addressFor, templateComponents } from './addressing';
import { GraphClient, type GraphResponse } from './graph-client';
import { DEFAULT_MESSAGES_PER_SECOND, WhatsAppConnectionConfig } from './whatsapp.config';
import { WHATSAPP_OPTIONS, type WhatsAppModuleOptions } from './whatsapp.options';
import { recordSendError } from './connection-health';

const MAX_TEXT = 4096;
/** Meta: 1 message per 6 s to one user, with bursts of up to 45 borrowed from that budget. */
const PER_RECIPIENT = { max: 45, perMs: 45 * 6000 };

/** WhatsApp Business Platform (Cloud API). Inbound traffic arrives on WhatsAppWebhookController. */
@Channel({ type: 'whatsapp', configSchema: WhatsAppConnectionConfig, displayName: 'WhatsApp', webhookPath: (id) => `/webhooks/whatsapp/${id}` })
@Injectable()
export class WhatsAppChannel implements ChannelPlugin<WhatsAppConnectionConfig>, TemplateSender<WhatsAppConnectionConfig>, TypingIndicator<WhatsAppConnectionConfig>, OnModuleDestroy {
  private readonly logger = new Logger('WhatsAppChannel');
  /** Every send and mark-read goes to the same Graph host: reuse connections instead of a handshake per call. */
  private readonly agents = keepAliveAgents();

  /** Without options (a bare `new`), no internal address is allowed: the safe default. */
  constructor(
    @Optional() @Inject(WHATSAPP_OPTIONS) private readonly options: WhatsAppModuleOptions = {},
    /** Keeps the last send error for the connection's health; absent in bare unit tests. */
    @Optional() private readonly directory?: ConnectionDirectory,
  ) {}

  readonly capabilities: ChannelCapabilities = {
    serviceWindowHours: 24,
    templates: true,
    deliveryReceipts: true,
    readReceipts: true,
    typingIndicator: true,
    maxTextLength: MAX_TEXT,
    media: ['image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts'],
    formatting: 'whatsapp',
    // Meta: 80 messages/s per business number (more once upgraded: sendRateFor); 1 per 6 s to one user, bursts of
    // up to 45 borrowed from that budget.
    sendRate: { perConnection: { max: DEFAULT_MESSAGES_PER_SECOND, perMs: 1000 }, perRecipient: PER_RECIPIENT },
    // WhatsApp users expect an answer within seconds; past this the fallback goes out rather than more retries.
    replyBudgetMs: 45_000,
  };

  readonly formattingGuidance =
    'You are writing in WhatsApp. Keep replies short and conversational: a few short paragraphs at most. ' +
    'Formatting: *bold*, _italic_, ~strikethrough~ and simple "- " lists only; no Markdown headings, tables, HTML or links in brackets. ' +
    'Write links as plain URLs.';

  /** The number's throughput tier from its settings (messagesPerSecond); each customer keeps Meta's 1 per 6 s. */
  sendRateFor(connection: Connection<WhatsAppConnectionConfig>): SendRate {
    return { perConnection: { max: connection.config.messagesPerSecond ?? DEFAULT_MESSAGES_PER_SECOND, perMs: 1000 }, perRecipient: PER_RECIPIENT };
  }

  /** WhatsApp's own markup; the core applies it to every free-form text before send(). */
  formatText(markdown: string): string {
    return toWhatsAppText(markdown);
  }

  async send(connection: Connection<WhatsAppConnectionConfig>, message: OutboundMessage): Promise<SendResult> {
    const address = addressFor(message.to);
    if (!address) return { ok: false, retryable: false, providerCode: 'NO_ADDRESS', reason: 'The customer has no WhatsApp number or user id to write to' };
    const graph = this.graph(connection);
    const parts = splitForWhatsApp(message.text, MAX_TEXT);
    const ids: string[] = [];
    for (const [i, body] of parts.entries()) {
      const res = await graph.sendMessage({
        recipient_type: 'individual',
        ...address,
        type: 'text',
        text: { body, preview_url: false },
        ...(i === 0 && message.replyToProviderMessageId ? { context: { message_id: message.replyToProviderMessageId } } : {}),
        biz_opaque_callback_data: message.messageId,
      });
      const id = this.acceptedId(res);
      if (!id) return this.failed(connection, this.failure(res, ids));
      ids.push(id);
    }
    return { ok: true, providerMessageId: ids[0], metadata: { parts: ids.length, providerMessageIds: ids } };
  }

  async sendTemplate(connection: Connection<WhatsAppConnectionConfig>, message: OutboundMessage): Promise<SendResult> {
    const address = addressFor(message.to);
    if (!address || !message.template) return { ok: false, retryable: false, providerCode: 'NO_ADDRESS', reason: 'A template needs a recipient and a template name' };
    const res = await this.graph(connection).sendMessage({
      recipient_type: 'individual',
      ...address,
      type: 'template',
      template: { name: message.template.name, language: { code: message.template.language }, components: templateComponents(message.template.parameters) },
      biz_opaque_callback_data: message.messageId,
    });
    const id = this.acceptedId(res);
    return id ? { ok: true, providerMessageId: id, metadata: { messageStatus: res.body?.messages?.[0]?.message_status ?? null } } : this.failed(connection, this.failure(res, []));
  }

  /** Marks the customer's message read and shows "typing…" until our reply (or 25 s). */
  async showTyping(connection: Connection<WhatsAppConnectionConfig>, inboundProviderMessageId: string): Promise<void> {
    const res = await this.graph(connection).sendMessage({ status: 'read', message_id: inboundProviderMessageId, typing_indicator: { type: 'text' } });
    if (res.status !== 200) this.logger.warn({ msg: 'Mark-read/typing refused', status: res.status, connectionId: connection.id });
  }

  onModuleDestroy(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private graph(connection: Connection<WhatsAppConnectionConfig>): GraphClient {
    return new GraphClient(connection.config, this.options.allowedHosts ?? [], this.agents);
  }

  private acceptedId(res: GraphResponse): string | null {
    const id = res.status === 200 ? res.body?.messages?.[0]?.id : undefined;
    return typeof id === 'string' && id ? id : null;
  }

  /** Health is a convenience: failing to store it never changes what the send reports. */
  private async failed(connection: Connection<WhatsAppConnectionConfig>, result: SendResult): Promise<SendResult> {
    if (!result.ok && this.directory) {
      try {
        await recordSendError(this.directory, connection, { code: result.providerCode ?? 'unknown', title: result.reason, details: result.details });
      } catch (err) {
        this.logger.warn({ msg: 'Could not store the connection health', connectionId: connection.id, error: (err as Error).message });
      }
    }
    return result;
  }

  private failure(res: GraphResponse, sentParts: string[]): SendResult {
    const c = classifyGraphResponse(res);
    const partial = sentParts.length ? ` (${sentParts.length} earlier part(s) were sent: ${sentParts.join(', ')})` : '';
    return {
      ok: false, retryable: c.retryable, providerCode: c.code, reason: `${c.title}${partial}`, details: c.details ?? undefined, closesServiceWindow: c.closesServiceWindow,
      ...(c.retryAfterMs !== undefined ? { retryAfterMs: c.retryAfterMs } : {}),
    };
  }
}
