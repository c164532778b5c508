import { Inject, Injectable } from '@nestjs/common';
import { outboundUrlProblem, safeFetch, SafeFetchError, type AllowedHost } from '@confab/net';
import { Channel, retryAfterFromHeader, standardWebhookHeaders, ValidationFailed, type ChannelCapabilities, type ChannelPlugin, type Connection, type OutboundMessage, type SendResult } from '@confab/plugin-sdk';
import { ApiChannelConfig } from './api-channel.config';

const CALLBACK_TIMEOUT_MS = 10_000;

export const API_CHANNEL_OPTIONS = Symbol('API_CHANNEL_OPTIONS');

export interface ApiChannelOptions {
  allowedHosts: AllowedHost[];
}

/**
 * Applications hold chats keyed by their own customer ids. Replies are read synchronously from the request, from
 * the conversation API, or pushed to the connection's callback URL (signed) in async mode.
 */
@Channel({ type: 'api', configSchema: ApiChannelConfig, displayName: 'API' })
@Injectable()
export class ApiChannel implements ChannelPlugin<ApiChannelConfig> {
  constructor(@Inject(API_CHANNEL_OPTIONS) private readonly options: ApiChannelOptions) {}

  readonly capabilities: ChannelCapabilities = {
    templates: false,
    deliveryReceipts: true,
    readReceipts: false,
    typingIndicator: false,
    maxTextLength: 32_000,
    media: [],
    formatting: 'markdown',
    // Each send is a POST to the tenant's callback URL: a pace an ordinary web server takes without queueing.
    sendRate: { perConnection: { max: 50, perMs: 1000 } },
    // POST /channels/{id}/messages in sync mode answers with the reply.
    syncReplies: true,
  };

  readonly formattingGuidance =
    'Your reply is shown by another application. Write plain, short paragraphs; use simple Markdown lists only where they help.';

  /** A callback URL every delivery would be refused for is refused now, with the reason. */
  async checkConfig(_tenantId: string, config: ApiChannelConfig): Promise<void> {
    if (!config.callbackUrl) return;
    const problem = outboundUrlProblem(config.callbackUrl, { allowedHosts: this.options.allowedHosts, allowSetting: 'OUTBOUND_ALLOWED_HOSTS' });
    if (problem) throw new ValidationFailed(`callbackUrl ${problem}`, 'callbackUrl');
  }

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
      // Callback URLs come from tenants: internal addresses only when OUTBOUND_ALLOWED_HOSTS lists them.
      const res = await safeFetch(callbackUrl, { method: 'POST', headers, body, timeoutMs: CALLBACK_TIMEOUT_MS, maxBytes: 4096, maxRedirects: 0, allowedHosts: this.options.allowedHosts });
      if (res.status >= 200 && res.status < 300) return { ok: true, providerMessageId: `api-${message.messageId}`, deliveryStatus: 'delivered' };
      const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
      // The application's receiver may say when it can take more (429 or 503 with Retry-After): the queue waits.
      const retryAfterMs = retryable ? retryAfterFromHeader(res.headers['retry-after']) : undefined;
      return { ok: false, retryable, providerCode: `HTTP_${res.status}`, reason: `The callback URL answered ${res.status}`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    } catch (err) {
      if (err instanceof SafeFetchError && (err.code === 'FORBIDDEN_ADDRESS' || err.code === 'BAD_URL')) {
        return { ok: false, retryable: false, providerCode: 'CALLBACK_FORBIDDEN', reason: `The callback URL is not allowed: ${err.message}` };
      }
      return { ok: false, retryable: true, providerCode: 'CALLBACK_UNREACHABLE', reason: `The callback URL could not be reached: ${(err as Error).message}` };
    }
  }
}
