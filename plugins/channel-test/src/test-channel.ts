import { Injectable } from '@nestjs/common';
import { Channel, type ChannelCapabilities, type ChannelPlugin, type Connection, type OutboundMessage, type SendResult } from '@confab/plugin-sdk';

/** Test chats have no settings; the connection exists so test chats are ordinary conversations. */
export class TestChannelConfig {}

/**
 * Dashboard and API test chats. Nothing leaves the platform: a reply counts as delivered the moment it is stored,
 * and the operator reads it in the conversation.
 */
@Channel({ type: 'test', configSchema: TestChannelConfig, displayName: 'Test chat' })
@Injectable()
export class TestChannel implements ChannelPlugin<TestChannelConfig> {
  readonly capabilities: ChannelCapabilities = {
    templates: false,
    deliveryReceipts: true,
    readReceipts: false,
    typingIndicator: false,
    maxTextLength: 16_000,
    media: [],
    formatting: 'markdown',
    // Nothing leaves the process: only the queue's own throughput bounds it.
    sendRate: { perConnection: { max: 1000, perMs: 1000 } },
    // Test chats run in the dashboard, which shows replies as they are written.
    streaming: true,
    // Test chats may wait for the reply (wait: true).
    syncReplies: true,
  };

  readonly formattingGuidance =
    'You are in a text chat. Answer briefly in short paragraphs; use a simple list when it helps. Markdown is shown as written.';

  async send(_connection: Connection<TestChannelConfig>, message: OutboundMessage): Promise<SendResult> {
    return { ok: true, providerMessageId: `test-${message.messageId}`, deliveryStatus: 'delivered' };
  }
}
