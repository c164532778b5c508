import type { Connection, DeliveryStatusUpdate, InboundMessage } from './channel.types';

export interface AcceptedMessage {
  conversationId: string;
  messageId: string;
  /** True when this provider message id was seen before on the connection: nothing was changed. */
  duplicate: boolean;
}

/**
 * The core's door for inbound traffic. Plugins inject this abstract class; the core binds it.
 * accept() commits the message durably before it returns, so a plugin can acknowledge the provider.
 */
export interface StartConversationInput {
  customer: { identities: Array<{ kind: string; value: string }>; displayName?: string };
  tags?: string[];
  variables?: Record<string, unknown>;
}

export abstract class ConversationInbox {
  /** Opens a conversation before any message (test chats, business-initiated chats). */
  abstract start(connection: Connection<any>, input: StartConversationInput): Promise<{ conversationId: string }>;
  abstract accept(connection: Connection<any>, message: InboundMessage): Promise<AcceptedMessage>;
  abstract recordDeliveryStatus(connection: Connection<any>, update: DeliveryStatusUpdate): Promise<void>;
}

/** Loads connections with decrypted config; `tenantId` scopes the lookup for tenant-authenticated routes. */
export abstract class ConnectionDirectory {
  abstract load<TConfig extends object>(connectionId: string, scope: { type: string; tenantId?: string }): Promise<Connection<TConfig>>;
  /** The per-assistant connection of an internal channel (test chats), created on first use. */
  abstract ensure(tenantId: string, type: string, assistantId: string): Promise<Connection<Record<string, unknown>>>;
}

export interface ConversationSummary {
  id: string;
  channel: string;
  connectionId: string;
  assistantId: string;
}

/** Read access a channel needs to route a request into an existing conversation. */
export abstract class ConversationLookup {
  /** Null when the conversation does not exist in this tenant. */
  abstract find(tenantId: string, conversationId: string): Promise<ConversationSummary | null>;
}

export interface ReplyView {
  messageId: string;
  text: string;
  createdAt: Date;
  offline: boolean;
}

/**
 * Where a customer message stands: 'answered' (with the reply), 'pending' (still being written when the wait
 * ended), 'handed_over' (a human owns the conversation, no AI reply will come), 'failed' (the model failed; the
 * reply, if any, is the offline fallback) or 'no_reply' (the message does not get one, e.g. a reaction).
 */
export interface ReplyOutcome {
  state: 'answered' | 'pending' | 'handed_over' | 'failed' | 'no_reply';
  replies: ReplyView[];
}

/** Lets synchronous channels (API, widget) wait for the assistant's answer to a message. */
export abstract class ConversationReplies {
  abstract waitForReply(tenantId: string, conversationId: string, messageId: string, timeoutMs: number): Promise<ReplyOutcome>;
}
