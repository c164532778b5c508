/** Wire value of a channel type: 'whatsapp' | 'web_widget' | 'api' | 'test' | anything a plugin adds. */
export type ChannelType = string;

/**
 * The channel's text flavour, named by the channel: 'markdown' and 'plain' are built in, any other name (e.g.
 * 'whatsapp') comes with the plugin's own `formatText`. See text-formatting.ts.
 */
export type TextFormatting = string;

/** At most `max` sends per `perMs` milliseconds, bursts of up to `max` allowed (a GCRA: the budget refills evenly). */
export interface SendRateLimit {
  max: number;
  perMs: number;
}

/**
 * How fast the platform may hand messages to this channel. The send queue paces each connection (and each
 * recipient on it, when declared) to these rates, so a provider's throttling is avoided rather than retried.
 */
export interface SendRate {
  perConnection: SendRateLimit;
  /** One customer on one connection (WhatsApp's pair rate limit). */
  perRecipient?: SendRateLimit;
}

/** What a channel can do; core code asks for a capability, never for a vendor. */
export interface ChannelCapabilities {
  /** Free-form replies are allowed only this many hours after the customer's last message (WhatsApp: 24). */
  serviceWindowHours?: number;
  /** Business-initiated template messages (needed outside the service window). */
  templates: boolean;
  /** The provider reports delivered / read for outbound messages. */
  deliveryReceipts: boolean;
  readReceipts: boolean;
  typingIndicator: boolean;
  /** Longest text one provider message may carry; longer replies are split by the plugin. */
  maxTextLength: number;
  media: ReadonlyArray<'image' | 'audio' | 'video' | 'document' | 'sticker' | 'location' | 'contacts'>;
  formatting: TextFormatting;
  /** Unset: the platform's default (DEFAULT_SEND_RATE, 80 per second per connection). */
  sendRate?: SendRate;
  /**
   * How long a customer of this channel may wait for an answer, from their first unanswered message, before the
   * platform stops retrying the model and sends its fallback (offline text or hand-over). Unset: the platform's
   * REPLY_BUDGET_MS. Chat apps where people expect seconds declare less.
   */
  replyBudgetMs?: number;
  /**
   * The channel shows replies while the model writes them (a chat window, not a provider API): the reply job
   * publishes `typing` and `reply.delta` events on the LIVE_FEED for its conversations. Channels that deliver
   * whole messages leave it unset and are not slowed by it.
   */
  streaming?: boolean;
  /**
   * Requests of this channel wait for the reply (ConversationReplies.waitForReply): the platform signals each reply
   * the moment it commits, so the wait ends at once. Without it a waiter still sees the reply, on a slower poll.
   */
  syncReplies?: boolean;
}

/** A tenant's installation of a channel (a number, a widget, an API key): a row, not a plugin. */
export interface Connection<TConfig extends object = Record<string, unknown>> {
  id: string;
  tenantId: string;
  type: ChannelType;
  assistantId: string;
  name: string;
  /** Decrypted settings, secrets included. Never log or return it. */
  config: TConfig;
  /** What the plugin keeps about the connection (synced templates, health); see ConnectionDirectory.saveState. */
  state: Record<string, unknown>;
}

/** How a customer is known to a channel; one customer may have several (phone, BSUID, visitor id...). */
export interface CustomerIdentity {
  kind: string;
  value: string;
}

export interface Attachment {
  type: 'image' | 'audio' | 'video' | 'document' | 'sticker' | 'location' | 'contacts' | 'unsupported';
  providerMediaId?: string;
  mimeType?: string;
  caption?: string;
  filename?: string;
  url?: string;
  data?: Record<string, unknown>;
}

/** A customer message normalised by a channel plugin, handed to the core through ConversationInbox. */
export interface InboundMessage {
  /**
   * The message's reference within the connection: how the provider names it when the customer quotes it
   * (replyToProviderMessageId), edits or revokes it, or reacts to it. Make it unique per connection (prefix a
   * per-chat id with the chat). Without a deliveryId it is also the dedupe key.
   */
  providerMessageId: string;
  /**
   * The delivery's idempotency key within the connection, when the provider dedupes by something other than the
   * message reference (Telegram's update_id, a webhook event id, an API client's request id). A message seen
   * before under this key or under its providerMessageId is a no-op. Omitted: providerMessageId alone dedupes.
   */
  deliveryId?: string;
  customer: { identities: CustomerIdentity[]; displayName?: string };
  text?: string;
  attachments?: Attachment[];
  /** When the customer sent it (provider timestamp); the service window is measured from it. */
  sentAt: Date;
  /** The providerMessageId (reference, never a deliveryId) of the message this one quotes or replies to. */
  replyToProviderMessageId?: string;
  /** Context handed in from outside (automation, API); stored as conversation variables with source 'api'. */
  variables?: Record<string, unknown>;
  /** Post into this conversation (test chats, API chats that name one) instead of finding the open one. */
  conversationId?: string;
  /** Reactions and system notices are recorded but get no AI reply. Default true. */
  expectsReply?: boolean;
  /** Extra provider facts kept on the message (e.g. forwarded, referral). */
  metadata?: Record<string, unknown>;
  /**
   * The plugin refused the message (a spent rate limit) and records that it did: stored without a reply, listed
   * in the unanswered queue under this reason. Leave the text out if the refused content should not be kept.
   */
  refused?: 'rate_limited';
}

export type DeliveryStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface ProviderError {
  code: string;
  title: string;
  details?: string;
}

/** A provider's report about an outbound message (WhatsApp status webhook and the like). */
/** A fee the provider charges for one outbound message, priced by the plugin from its own rate card. */
export interface ChannelCharge {
  costMicros: number;
  currency: string;
  /** Which rate row was applied ("<market>:<category>@<date>"), so the cost can be explained later. */
  priceRef: string;
  category: string;
}

/**
 * The provider charged for the message, but the plugin cannot price it: its rate card has no row for the
 * recipient's market and the category, or the report does not say which market the recipient is in. Unknown, not
 * free: the core keeps an earlier estimate (or earlier price) and otherwise records the fee unpriced (ledger
 * `priceRef` null, message `metadata.channelFee.unpriced: true`); totals never drop because of it.
 */
export interface UnpricedChannelCharge {
  unpriced: true;
  /** The provider's category, e.g. 'marketing'; 'unknown' when the report names none. */
  category: string;
  /** Why no price applies, for the operator (e.g. "no rate for market FR, category marketing"). */
  reason: string;
}

export interface DeliveryStatusUpdate {
  providerMessageId: string;
  status: Exclude<DeliveryStatus, 'pending'>;
  at: Date;
  error?: ProviderError;
  metadata?: Record<string, unknown>;
  /** The provider says free-form messages are refused now (e.g. WhatsApp 131047): the window is closed. */
  closesServiceWindow?: boolean;
  /**
   * The provider's authoritative word on what the message costs: a priced charge, an unpriced one (charged, but
   * no rate is known: never send null for that), or null for "free". The core keeps one fee row per message and
   * reconciles it to the latest word. Undefined: this report says nothing on price.
   */
  charge?: ChannelCharge | UnpricedChannelCharge | null;
}

/** A message a human sent from the provider's own app (coexistence echoes): stored as an agent message. */
export interface AgentEcho {
  providerMessageId: string;
  customer: { identities: CustomerIdentity[] };
  text?: string;
  attachments?: Attachment[];
  sentAt: Date;
  /** Hand the conversation to the human who wrote (the AI stops answering it). */
  pauseAi: boolean;
}

export interface MessageEdit {
  providerMessageId: string;
  text?: string;
  attachments?: Attachment[];
  at: Date;
}

export interface MessageReaction {
  /** The message reacted to (ours or the customer's). */
  targetProviderMessageId: string;
  /** Null: the reaction was removed. */
  emoji: string | null;
  customer: { identities: CustomerIdentity[] };
  at: Date;
}

/**
 * Template parameters as the caller gives them: positional values for {{1}}, {{2}}, ... in order, or an object of
 * named ones for {{order_id}}-style templates. Each channel maps them to its own wire form.
 */
export type TemplateParameters = unknown[] | Record<string, unknown>;

export interface TemplateSendRequest {
  to: CustomerIdentity[];
  displayName?: string;
  template: { name: string; language: string; parameters?: TemplateParameters };
  /** Context handed in by the caller: conversation variables with source 'api'. */
  variables?: Record<string, unknown>;
  /** Expected fee, recorded at once and reconciled when the provider reports the real one. */
  estimatedCharge?: ChannelCharge | null;
}

export interface OutboundMessage {
  messageId: string;
  conversationId: string;
  /** Every identity of the customer, oldest first; a plugin picks the kinds it can address. */
  to: CustomerIdentity[];
  text: string;
  template?: { name: string; language: string; parameters?: TemplateParameters };
  replyToProviderMessageId?: string;
}

/**
 * A failure is data: the send job retries `retryable` ones with backoff and marks the rest failed at once.
 * Success without `deliveryStatus` means 'sent': the provider took the message and later reports (receipts) move it
 * on; a channel that knows the message arrived (a test chat, a callback that answered 2xx) says 'delivered'.
 */
export type SendResult =
  | { ok: true; providerMessageId: string; deliveryStatus?: Exclude<DeliveryStatus, 'pending' | 'failed'>; metadata?: Record<string, unknown> }
  | {
      ok: false;
      retryable: boolean;
      providerCode?: string;
      reason: string;
      details?: string;
      closesServiceWindow?: boolean;
      /**
       * The provider said when to try again (Retry-After, Telegram's retry_after, a rate limit's window): the send
       * queue waits at least this long before the next attempt (capped at MAX_SEND_RETRY_AFTER_MS), still counting
       * it as one of the message's attempts. Unset: the queue's exponential backoff alone. Ignored unless retryable.
       */
      retryAfterMs?: number;
    };

/** The longest wait a SendResult's retryAfterMs can impose; beyond it a provider's word is taken as this. */
export const MAX_SEND_RETRY_AFTER_MS = 15 * 60_000;
