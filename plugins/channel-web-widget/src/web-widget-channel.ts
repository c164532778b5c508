import { Inject, Injectable } from '@nestjs/common';
import { Channel, ValidationFailed, type ChannelCapabilities, type ChannelPlugin, type Connection, type OutboundMessage, type SendResult } from '@confab/plugin-sdk';
import { WebWidgetConfig } from './web-widget.config';
import { embedSnippetFor, publicKeyOf } from './public-key';
import { WEB_WIDGET_OPTIONS, type WebWidgetOptions } from './web-widget.options';

/** The provider id of an outbound message shown in the widget: the widget reports receipts by our message id. */
export const widgetProviderId = (messageId: string): string => `ww-${messageId}`;

/**
 * A chat window on the tenant's website. Browsers talk to the plugin's own routes with a short-lived session token;
 * replies reach them over Server-Sent Events (streamed while the model writes) and the history route, so send()
 * has nothing to transmit: it marks the message ready, and the widget's receipts move it to delivered and read.
 */
@Channel({ type: 'web_widget', configSchema: WebWidgetConfig, displayName: 'Web widget' })
@Injectable()
export class WebWidgetChannel implements ChannelPlugin<WebWidgetConfig> {
  constructor(@Inject(WEB_WIDGET_OPTIONS) private readonly options: WebWidgetOptions) {}

  readonly capabilities: ChannelCapabilities = {
    templates: false,
    deliveryReceipts: true,
    readReceipts: true,
    typingIndicator: false,
    streaming: true,
    maxTextLength: 16_000,
    media: [],
    formatting: 'plain',
    // A send only records the message for the visitor's window to fetch; one visitor reads at human speed.
    sendRate: { perConnection: { max: 500, perMs: 1000 }, perRecipient: { max: 20, perMs: 10_000 } },
    // Someone looking at a chat window on a website gives up after seconds, not minutes.
    replyBudgetMs: 30_000,
  };

  readonly formattingGuidance =
    'You are in a small chat window on a website. Answer briefly in short paragraphs of plain text; no Markdown, tables or headings. Write links as full URLs.';

  async checkConfig(_tenantId: string, config: WebWidgetConfig): Promise<void> {
    if (config.requireIdentity && !config.identitySecret) {
      throw new ValidationFailed('requireIdentity needs identitySecret: without it no identity can be verified', 'requireIdentity');
    }
  }

  describeConnection(connection: { id: string }, context: { publicUrl: string }): Record<string, string> {
    const publicKey = publicKeyOf(connection.id);
    return { publicKey, embedSnippet: embedSnippetFor(context.publicUrl || this.options.publicUrl, publicKey) };
  }

  async send(_connection: Connection<WebWidgetConfig>, message: OutboundMessage): Promise<SendResult> {
    return { ok: true, providerMessageId: widgetProviderId(message.messageId), deliveryStatus: 'sent' };
  }
}
