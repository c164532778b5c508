import { Injectable } from '@nestjs/common';
import { Channel, standardWebhookHeaders, type ChannelCapabilities, type ChannelPlugin, type Connection, type OutboundMessage, type SendResult } from '@confab/plugin-sdk';
import { ApiChannelConfig } from './api-channel.config';

const CALLBACK_TIMEOUT_MS = 10_000;

/**
 * Applications hold chats keyed by their own customer ids. Replies are read synchronously from the request, from
 * the conversation API, or pushed to the connection's callback URL (signed) in async mode.
 */
@Channel({ type: 'api', configSchema: ApiChannelConfig, displayName: 'API' })
@Injectable()
export class ApiChannel implements ChannelPlugin<ApiChannelConfig> {
  readonly capabilities: ChannelCapabilities = {
    templates: false,
    deliveryReceipts: true,
    readReceipts: false,
    typingIndicator: false,
    maxTextLength: 32_000,
    media: [],
    formatting: 'markdown',
  };

  readonly formattingGuidance =
    'Your reply is shown by another application. Write plain, short paragraphs; use simple Markdown lists only where they help.';

  async send(connection: Connection<ApiChannelConfig>, message: OutboundMessage): Promise<SendResult> {
    const { callbackUrl, callbackSecret } = connection.config;
    if (!callbackUrl) return { ok: true, providerMessageId: `api-${message.messageId}`, deliveryStatus: 'delivered' };
    const body = JSON.stringify({
      type: 'message.created',
      conversationId: message.conversationId,
      messageId: message.messageId,
      customerId: message.to.find((i) => i.kind.startsWith('external'))?.value ?? null,
      text: message.text,
    });
    const headers = standardWebhookHeaders(callbackSecret, message.messageId, body);
    try {
      const res = await fetch(callbackUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS), redirect: 'manual' });
      if (res.ok) return { ok: true, providerMessageId: `api-${message.messageId}`, deliveryStatus: 'delivered' };
      const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
      return { ok: false, retryable, providerCode: `HTTP_${res.status}`, reason: `The callback URL answered ${res.status} ${res.statusText}` };
    } catch (err) {
      return { ok: false, retryable: true, providerCode: 'CALLBACK_UNREACHABLE', reason: `The callback URL could not be reached: ${(err as Error).message}` };
    }
  }
}
