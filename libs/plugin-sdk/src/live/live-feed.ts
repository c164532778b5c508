/**
 * The live feed: what happens in a conversation, as it happens, for screens that show it (the dashboard, the web
 * widget). The core publishes; channel plugins and the server's SSE routes read. Events are kept for a while
 * (Redis Streams), so a client that lost its connection resumes after the last event id it saw.
 */
export const LIVE_FEED = Symbol('LIVE_FEED');

export type LiveEventType =
  /** data: { active: boolean } -- the assistant is preparing a reply (true) or stopped without one (false). */
  | 'typing'
  /** data: { turnId: string; seq: number; text: string } -- text to APPEND to the reply being streamed. */
  | 'reply.delta'
  /** data: LiveMessage -- a customer, assistant, agent or system message was stored. */
  | 'message.created'
  /** data: LiveMessageStatus -- an outbound message's delivery moved on (or failed). */
  | 'message.status'
  /** data: LiveConversationUpdate -- status, owner, hand-over, last message time, count or cost changed. */
  | 'conversation.updated';

export interface LiveToolCall {
  name: string;
  status: string;
  durationMs?: number;
}

export interface LiveMessage {
  id: string;
  /** The reply job's turn whose `reply.delta` events this message completes (assistant messages). */
  turnId?: string | null;
  author: 'customer' | 'assistant' | 'agent' | 'system';
  text: string;
  createdAt: string;
  status?: string | null;
  agentName?: string | null;
  toolCalls?: LiveToolCall[];
  /** Integer micro-units as a string (money is never a float). */
  costMicros?: string | null;
}

export interface LiveMessageStatus {
  messageId: string;
  status: 'queued' | 'sent' | 'delivered' | 'read' | 'failed';
  errorCode?: string;
  errorMessage?: string;
}

export interface LiveConversationUpdate {
  status: string;
  owner: string;
  handedOver?: { reason: string | null; summary: string | null };
  lastMessageAt: string | null;
  messageCount: number;
  /** Integer micro-units as a string. */
  costMicros: string;
}

export interface LiveEvent {
  /** The Redis Stream id (`1733500000000-0`): increases within a stream; send it back to resume after it. */
  id: string;
  type: LiveEventType;
  tenantId: string;
  conversationId: string;
  /** ISO time of publishing. */
  at: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

/**
 * What LiveFeed.conversation() and tenant() return. `ready`, when present, settles once the subscription is in place
 * (and rejects when it cannot be, e.g. a malformed lastEventId or Redis away); writeSse waits for it before sending
 * headers, so a client that sees the response start is subscribed and an error can still get a status.
 */
export interface LiveSubscription extends AsyncIterable<LiveEvent> {
  readonly ready?: Promise<void>;
}

export interface LiveFeed {
  /**
   * Publishes one event; returns its id in the conversation's stream. Events of calls issued one after another,
   * without waiting for the first to resolve, are published in that order.
   */
  publish(event: Omit<LiveEvent, 'id' | 'at'>): Promise<string>;
  /** Events of one conversation after lastEventId (exclusive; resumes from Redis), then live ones until signal aborts. */
  conversation(tenantId: string, conversationId: string, opts: { lastEventId?: string; signal: AbortSignal }): LiveSubscription;
  /**
   * The id of the newest event of a conversation ('0-0' when there is none): pass it as lastEventId to follow
   * everything that happens from now on, without a gap between this call and the subscription.
   */
  latestEventId(tenantId: string, conversationId: string): Promise<string>;
  /** Every conversation.updated / message.created of a tenant (the Chats list's live updates). */
  tenant(tenantId: string, opts: { lastEventId?: string; signal: AbortSignal }): LiveSubscription;
}

/** What an event id looks like (a Redis Stream id); anything else sent as Last-Event-ID is refused. */
export const LIVE_EVENT_ID_PATTERN = /^\d{1,20}-\d{1,20}$/;

/** True when `a` comes after `b` in a stream (ids compare as two integers, not as text). */
export function liveEventIdAfter(a: string, b: string): boolean {
  const [am, as] = a.split('-');
  const [bm, bs] = b.split('-');
  if (am.length !== bm.length) return am.length > bm.length;
  if (am !== bm) return am > bm;
  if (as.length !== bs.length) return as.length > bs.length;
  return as > bs;
}
