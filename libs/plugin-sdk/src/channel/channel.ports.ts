import type { AgentEcho, Connection, CustomerIdentity, DeliveryStatus, DeliveryStatusUpdate, InboundMessage, MessageEdit, MessageReaction, TemplateSendRequest } from './channel.types';

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
/**
 * Unsaved settings of the conversation's assistant that its replies use instead of the stored ones (the dashboard's
 * "try it"); kept with the conversation only, never written to the assistant. Tools must be checked already.
 */
export interface AssistantDraft {
  systemPrompt?: string;
  model?: string;
  temperature?: number | null;
  tools?: Array<{ name: string; config: Record<string, unknown> }>;
}

export interface StartConversationInput {
  customer: { identities: Array<{ kind: string; value: string }>; displayName?: string };
  tags?: string[];
  variables?: Record<string, unknown>;
  assistantDraft?: AssistantDraft;
}

export abstract class ConversationInbox {
  /** Opens a conversation before any message (test chats, business-initiated chats). */
  abstract start(connection: Connection<any>, input: StartConversationInput): Promise<{ conversationId: string }>;
  abstract accept(connection: Connection<any>, message: InboundMessage): Promise<AcceptedMessage>;
  abstract recordDeliveryStatus(connection: Connection<any>, update: DeliveryStatusUpdate): Promise<void>;
  /**
   * The status reports of one provider callback, in the order given, committed together (one transaction).
   * The core binds a batched version; this default applies them one by one.
   */
  async recordDeliveryStatuses(connection: Connection<any>, updates: DeliveryStatusUpdate[]): Promise<void> {
    for (const update of updates) await this.recordDeliveryStatus(connection, update);
  }
  /** A human wrote from the provider's app; idempotent on the provider message id. */
  abstract recordAgentEcho(connection: Connection<any>, echo: AgentEcho): Promise<{ conversationId: string | null; duplicate: boolean }>;
  /** The customer edited or deleted ("revoked") an earlier message. Unknown messages are ignored. */
  abstract recordEdit(connection: Connection<any>, edit: MessageEdit): Promise<boolean>;
  abstract recordRevoke(connection: Connection<any>, providerMessageId: string, at: Date): Promise<boolean>;
  /** A reaction is kept on the message it reacts to and gets no AI reply. */
  abstract recordReaction(connection: Connection<any>, reaction: MessageReaction): Promise<boolean>;
}

/** Business-initiated sends (templates) through the lifecycle: stored, queued, delivered by the channel. */
export abstract class ConversationOutbox {
  abstract sendTemplate(connection: Connection<any>, request: TemplateSendRequest): Promise<{ conversationId: string; messageId: string }>;
}

/** Loads connections with decrypted config; `tenantId` scopes the lookup for tenant-authenticated routes. */
export abstract class ConnectionDirectory {
  abstract load<TConfig extends object>(connectionId: string, scope: { type: string; tenantId?: string }): Promise<Connection<TConfig>>;
  /** The per-assistant connection of an internal channel (test chats), created on first use. */
  abstract ensure(tenantId: string, type: string, assistantId: string): Promise<Connection<Record<string, unknown>>>;
  /** Merges `patch` into the connection's state (top-level keys replaced). */
  abstract saveState(connection: Connection<any>, patch: Record<string, unknown>): Promise<void>;
}

export interface ConversationSummary {
  id: string;
  channel: string;
  connectionId: string;
  assistantId: string;
}

/** A customer's conversation as the customer may know it (a widget showing "this chat was closed"). */
export interface CustomerConversation {
  id: string;
  status: 'open' | 'closed';
  owner: 'ai' | 'human';
}

/**
 * One message as the customer may see it: no tool calls, costs, prompts or internal notes. Agent messages carry
 * the name the agent gave; `deliveryStatus` is set on outbound messages only.
 */
export interface TranscriptMessage {
  id: string;
  author: 'customer' | 'assistant' | 'agent' | 'system';
  text: string;
  createdAt: Date;
  deliveryStatus: DeliveryStatus | null;
  agentName: string | null;
}

/** Read access a channel needs to route a request into an existing conversation. */
export abstract class ConversationLookup {
  /** Null when the conversation does not exist in this tenant. */
  abstract find(tenantId: string, conversationId: string): Promise<ConversationSummary | null>;
  /**
   * The newest conversation on this connection of the customer known by the first of `identities` that is known
   * (the order the inbox resolves them in), or null when there is none yet.
   */
  abstract latestForCustomer(connection: Connection<any>, identities: CustomerIdentity[]): Promise<CustomerConversation | null>;
  /**
   * The newest `limit` messages of a conversation that the customer may see, oldest first: their own, the
   * assistant's and agents' replies and system notices, with text. Attachment-only and revoked messages are left out.
   */
  abstract transcript(tenantId: string, conversationId: string, limit: number): Promise<TranscriptMessage[]>;
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

export interface PluginDocument<T = Record<string, unknown>> {
  id: string;
  data: T;
  /** Opened secrets; never return them from an API. */
  secrets: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Tenant-scoped documents a plugin keeps (tool definitions, data a tool needs), with secrets sealed at rest.
 * Namespaces keep plugins apart; the core knows nothing of what is inside.
 */
export abstract class PluginStore {
  abstract put<T extends object>(tenantId: string, namespace: string, id: string, data: T, secrets?: Record<string, string>): Promise<void>;
  /** Writes many documents (no secrets) in a few statements: bulk loads such as data-table rows. */
  abstract putMany<T extends object>(tenantId: string, namespace: string, documents: Array<{ id: string; data: T }>): Promise<void>;
  /** Creates the document only if no document has that id: false when one exists (the database decides races). */
  abstract insert<T extends object>(tenantId: string, namespace: string, id: string, data: T, secrets?: Record<string, string>): Promise<boolean>;
  abstract get<T = Record<string, unknown>>(tenantId: string, namespace: string, id: string): Promise<PluginDocument<T> | null>;
  abstract list<T = Record<string, unknown>>(tenantId: string, namespace: string): Promise<PluginDocument<T>[]>;
  abstract remove(tenantId: string, namespace: string, id: string): Promise<boolean>;
  /** Documents whose top-level `field` matches: exactly, by prefix, or containing the text (case-insensitive). */
  abstract find<T = Record<string, unknown>>(tenantId: string, namespace: string, match: PluginStoreMatch, limit: number): Promise<PluginDocument<T>[]>;
  /** Removes every document of the namespace (replacing a data set as a whole). */
  abstract clear(tenantId: string, namespace: string): Promise<number>;
  /**
   * Runs `work` in one database transaction: its writes commit together or, when it throws, not at all. With `lock`,
   * the transaction first takes an exclusive lock on that name (per tenant, across every server process) and holds
   * it until it ends, so work under one lock name runs one at a time: "check, then write" rules such as "no two
   * overlapping bookings" hold under concurrency. A crash releases the lock with the transaction; nothing is left held.
   */
  abstract transaction<R>(tenantId: string, work: (tx: PluginStoreTransaction) => Promise<R>, options?: { lock?: string }): Promise<R>;
}

/** The store's operations for one tenant inside a transaction (see PluginStore.transaction). */
export interface PluginStoreTransaction {
  put<T extends object>(namespace: string, id: string, data: T, secrets?: Record<string, string>): Promise<void>;
  putMany<T extends object>(namespace: string, documents: Array<{ id: string; data: T }>): Promise<void>;
  insert<T extends object>(namespace: string, id: string, data: T, secrets?: Record<string, string>): Promise<boolean>;
  get<T = Record<string, unknown>>(namespace: string, id: string): Promise<PluginDocument<T> | null>;
  list<T = Record<string, unknown>>(namespace: string): Promise<PluginDocument<T>[]>;
  remove(namespace: string, id: string): Promise<boolean>;
  clear(namespace: string): Promise<number>;
}

export interface PluginStoreMatch {
  field: string;
  mode: 'exact' | 'prefix' | 'contains';
  value: string;
}

/**
 * Lets a plugin announce something that happened (e.g. 'appointment.booked') to the tenant's webhook subscribers.
 * The event is logged durably first and delivered by the webhook workers, so a plugin never waits on a receiver.
 */
export abstract class PlatformEvents {
  abstract emit(tenantId: string, type: string, data: Record<string, unknown>, conversationId?: string | null): Promise<void>;
}
