import type { InboundMessage } from '@confab/plugin-sdk';

/** The part of a Bot API Update this channel reads (https://core.telegram.org/bots/api#update). */
export interface TelegramUpdate {
  update_id: number;
  message?: {
    message_id: number;
    /** Unix seconds. */
    date: number;
    text?: string;
    chat: { id: number; type: string };
    from?: { id: number; first_name?: string; last_name?: string; username?: string };
    reply_to_message?: { message_id: number };
  };
}

/** How a customer is known on this channel: the chat the bot answers into. */
export const CHAT_IDENTITY = 'telegram_chat';

/**
 * One update as the core's InboundMessage, or null for updates this channel does not handle (edits, button
 * presses, channel posts): those are acknowledged, so Telegram does not redeliver them, and dropped.
 */
export function toInboundMessage(update: TelegramUpdate): InboundMessage | null {
  const message = update.message;
  if (!message || typeof update.update_id !== 'number' || !message.chat || typeof message.chat.id !== 'number') return null;
  const name = [message.from?.first_name, message.from?.last_name].filter(Boolean).join(' ') || message.from?.username;
  return {
    // Delivery and reference are two things: Telegram redelivers an update under its update id until it gets a 2xx
    // (the dedupe key), while a quote names the message by chat and message id (the form sendMessage's result takes).
    deliveryId: String(update.update_id),
    providerMessageId: `${message.chat.id}:${message.message_id}`,
    ...(message.reply_to_message ? { replyToProviderMessageId: `${message.chat.id}:${message.reply_to_message.message_id}` } : {}),
    customer: { identities: [{ kind: CHAT_IDENTITY, value: String(message.chat.id) }], displayName: name || undefined },
    text: message.text,
    // A photo, sticker or voice note: kept as "something unsupported arrived" so the assistant can say it reads text only.
    attachments: message.text === undefined ? [{ type: 'unsupported' }] : undefined,
    sentAt: new Date((message.date ?? Math.floor(Date.now() / 1000)) * 1000),
    metadata: { chatId: message.chat.id, telegramMessageId: message.message_id },
  };
}

export function isUpdate(body: unknown): body is TelegramUpdate {
  return typeof body === 'object' && body !== null && typeof (body as { update_id?: unknown }).update_id === 'number';
}
