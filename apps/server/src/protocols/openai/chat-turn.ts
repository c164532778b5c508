import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { Message } from '@confab/conversations';
import type { Assistant } from '@confab/assistants';
import { ConnectionDirectory, ConversationInbox, ConversationLookup, ConversationReplies, LIVE_FEED, RateLimits, type Connection, type LiveFeed, type ReplyOutcome } from '@confab/plugin-sdk';
import { OpenAiError } from './openai-errors';
import type { ChatRequest } from './chat-request';

/** How long a request waits for the assistant's answer before it gives up (the reply still lands in the conversation). */
export const REPLY_WAIT_MS = 120_000;

export interface TurnUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: { reasoning_tokens: number; audio_tokens: number; accepted_prediction_tokens: number; rejected_prediction_tokens: number };
}

export interface OpenedTurn {
  connection: Connection<Record<string, unknown>>;
  conversationId: string;
}

export interface ClientToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface TurnAnswer {
  text: string;
  /** The client's tools the assistant wants run (finish_reason tool_calls). */
  toolCalls: ClientToolCall[];
  usage: TurnUsage;
  outcome: ReplyOutcome;
}

/**
 * One Chat Completions call as a turn of a conversation on the `api` channel, answered by the normal pipeline
 * (prompt, tools, knowledge, budget, costs). The conversation is named by X-Conversation-Id, else by the `user`
 * field (one open conversation per user and assistant), else each call starts a conversation of its own.
 */
@Injectable()
export class ChatTurns {
  constructor(
    private readonly db: Db,
    private readonly directory: ConnectionDirectory,
    private readonly inbox: ConversationInbox,
    private readonly lookup: ConversationLookup,
    private readonly replies: ConversationReplies,
    private readonly limits: RateLimits,
    @Inject(LIVE_FEED) readonly feed: LiveFeed,
  ) {}

  async open(tenantId: string, assistant: Assistant, request: ChatRequest, conversationHeader: string | undefined): Promise<OpenedTurn> {
    // One api connection per assistant, made on first use, carries every OpenAI-compatible chat with it.
    const connection = await this.directory.ensure(tenantId, 'api', assistant.id);
    if (conversationHeader !== undefined) {
      const found = /^[0-9a-f-]{36}$/i.test(conversationHeader) ? await this.lookup.find(tenantId, conversationHeader) : null;
      if (!found || found.connectionId !== connection.id) {
        throw new OpenAiError(404, `No conversation ${conversationHeader} of model ${request.model}; leave X-Conversation-Id out to start one`, 'invalid_request_error', 'X-Conversation-Id', 'conversation_not_found');
      }
      return { connection, conversationId: found.id };
    }
    const identities = [{ kind: `external:${connection.id}`, value: request.user ?? `anonymous-${randomUUID()}` }];
    if (request.user) {
      const latest = await this.lookup.latestForCustomer(connection, identities);
      if (latest && latest.status === 'open') return { connection, conversationId: latest.id };
    }
    const { conversationId } = await this.inbox.start(connection, { customer: { identities, displayName: request.user } });
    return { connection, conversationId };
  }

  /** Stores the user's message; the reply job answers it like any customer message. */
  async send(tenantId: string, turn: OpenedTurn, request: ChatRequest): Promise<string> {
    // Each call costs a model call: a flooding user (or the connection as a whole) is refused before anything is stored.
    await this.limits.admitInbound(turn.connection, request.user ?? turn.conversationId);
    // The api channel does not stream; this message asks the reply job to publish its deltas all the same.
    const metadata: Record<string, unknown> = request.stream ? { streamReply: true } : {};
    // The client's own tools ride along with its message; the reply job offers them to the model (client-tools.ts).
    if (request.clientTools.length) metadata.clientTools = request.clientTools.map((t) => ({ name: t.name, description: t.description ?? '', parameters: { ...t.parameters, type: 'object' } }));
    if (request.toolResults.length) {
      metadata.toolResults = request.toolResults;
      if (request.text) metadata.userText = request.text;
    }
    const results = request.toolResults.map((r) => `(tool result ${r.toolCallId}) ${r.content}`);
    const accepted = await this.inbox.accept(turn.connection, {
      providerMessageId: randomUUID(),
      conversationId: turn.conversationId,
      customer: { identities: [] },
      text: [...results, request.text].filter(Boolean).join('\n').slice(0, 32_000),
      sentAt: new Date(),
      metadata,
    });
    return accepted.messageId;
  }

  async answer(tenantId: string, conversationId: string, messageId: string, signal?: AbortSignal): Promise<TurnAnswer> {
    const outcome = await this.replies.waitForReply(tenantId, conversationId, messageId, REPLY_WAIT_MS);
    signal?.throwIfAborted();
    if (outcome.state === 'pending') {
      throw new OpenAiError(504, `The assistant did not answer within ${REPLY_WAIT_MS / 1000} s; the reply will still appear in conversation ${conversationId}`, 'server_error', null, 'timeout');
    }
    if (outcome.state === 'handed_over') {
      throw new OpenAiError(409, `A person has taken over conversation ${conversationId}; the assistant does not answer until it is handed back`, 'invalid_request_error', null, 'conversation_handed_over');
    }
    if (outcome.state === 'no_reply') throw await this.whyNoReply(tenantId, messageId);
    const text = outcome.replies.map((r) => r.text).filter(Boolean).join('\n\n');
    const rows = outcome.replies.length ? await this.db.forTenant(tenantId).find(Message, { id: { $in: outcome.replies.map((r) => r.messageId) } }) : [];
    const toolCalls = rows.flatMap((m) => (Array.isArray(m.metadata?.clientToolCalls) ? (m.metadata.clientToolCalls as ClientToolCall[]) : []));
    return { text, toolCalls, outcome, usage: this.usage(rows) };
  }

  /** The reply job skipped the message: a used-up budget is OpenAI's insufficient_quota, which clients must not retry. */
  private async whyNoReply(tenantId: string, messageId: string): Promise<OpenAiError> {
    const asked = await this.db.forTenant(tenantId).findOne(Message, { id: messageId });
    if (asked?.replyError === 'budget_exhausted') {
      return new OpenAiError(429, 'The monthly budget for this assistant or workspace is used up; raise it (PUT /api/v1/budgets/...) to get answers again', 'insufficient_quota', null, 'insufficient_quota');
    }
    if (asked?.replyError === 'assistant_deleted') return new OpenAiError(404, 'The assistant was deleted', 'invalid_request_error', 'model', 'model_not_found');
    if (asked?.replyError === 'assistant_disabled') return new OpenAiError(409, 'The assistant is switched off; enable it (PATCH /api/v1/assistants/{id} with enabled: true) to get answers', 'invalid_request_error', 'model', 'model_disabled');
    return new OpenAiError(500, `The assistant gave no reply${asked?.replyError ? ` (${asked.replyError})` : ''}`, 'server_error');
  }

  /** The platform's own token counts for the reply, every model call of the turn (tool rounds included). */
  private usage(rows: Message[]): TurnUsage {
    const sum = (pick: (u: NonNullable<Message['usage']>) => number) => rows.reduce((n, m) => n + (m.usage ? pick(m.usage) : 0), 0);
    const prompt = sum((u) => u.promptTokens);
    const completion = sum((u) => u.completionTokens);
    return {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
      prompt_tokens_details: { cached_tokens: sum((u) => u.cachedTokens), audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    };
  }
}
