import { UsageRecord, type LlmCallRecord, type PriceBook, type ToolCallRecord, type TurnResult } from '@confab/assistants';
import type { Citation, QueryEmbeddingUsage } from '@confab/knowledge';
import { Message } from '../../entities/message.entity';
import { ToolCall } from '../../entities/tool-call.entity';
import { AssistantReplied, ConversationHandedOver, TaskCreated, ToolCallRecorded, UnansweredTurnBilled } from '../../events/conversation.events';
import { Task } from '../../entities/task.entity';
import type { TurnState } from './turn-state';
import type { ConversationEvent } from '../../events/conversation-event';
import type { TurnConversation, TurnWrites } from './turn-writes';

export interface RecordReplyInput {
  conversation: TurnConversation;
  pending: Message[];
  turn: TurnResult;
  state: TurnState;
  prices: PriceBook;
  generationMs: number;
  metadata: Record<string, unknown>;
  /** When set, the pending messages are marked failed with this reason even though a (fallback) reply goes out. */
  failureReason?: string;
  /** The failure's stable code for the unanswered queue. */
  failureCode?: 'timeout' | 'llm_failed' | 'tool_failed';
  /** When set, the pending messages are marked skipped with this reason (a fallback went out, the model was not asked). */
  skipReason?: string;
  /** Knowledge chunks the reply drew on, and what embedding the customer's question cost. */
  citations?: Citation[];
  embeddingUsage?: QueryEmbeddingUsage[];
  /** The reply job sends the reply itself after the commit (GenerateReply.sendsReply). */
  sentByReplyJob?: boolean;
}

/**
 * One turn's reply, added to the turn's writes (turn-writes.ts): the reply with its tokens, cost and citations, one
 * ledger row per LLM call and per question embedding, every tool call, the variables and hand-over the tools asked
 * for, the answered messages, the totals, the events.
 */
export function recordReply(writes: TurnWrites, input: RecordReplyInput): Message {
  const { conversation, pending, turn, state, prices } = input;
  const tenantId = conversation.tenantId;
  const now = new Date();
  const reply = Object.assign(new Message(), {
    tenantId,
    conversationId: conversation.id,
    connectionId: conversation.connectionId,
    direction: 'outbound' as const,
    author: 'assistant' as const,
    text: turn.text,
    deliveryStatus: 'pending' as const,
    inReplyToMessageId: pending[0].id,
    latencyMs: Math.max(0, now.getTime() - pending[0].createdAt.getTime()),
    metadata: { ...input.metadata, offline: turn.offline, finishReason: turn.finishReason, generationMs: input.generationMs },
    createdAt: now,
  });

  const llm = recordLlmCalls(writes, conversation, turn.llmCalls, prices, reply.id, now);
  let costMicros = llm.costMicros;
  const totals = llm.totals;
  for (const usage of input.embeddingUsage ?? []) {
    costMicros += usage.costMicros;
    writes.insert(Object.assign(new UsageRecord(), {
      tenantId, kind: 'embedding' as const, assistantId: conversation.assistantId, conversationId: conversation.id, messageId: reply.id,
      model: usage.model, promptTokens: usage.promptTokens, costMicros: usage.costMicros, currency: usage.currency, priceRef: usage.priceRef, createdAt: now,
    }));
  }
  reply.costMicros = costMicros;
  reply.citations = input.citations ?? [];
  reply.usage = { model: turn.llmCalls.at(-1)?.model ?? 'unknown', ...totals, llmCalls: turn.llmCalls.length };
  writes.insert(reply);

  const events: ConversationEvent[] = recordToolCalls(writes, conversation, turn.toolCalls, reply.id);

  writes.answered = {
    ids: pending.map((m) => m.id),
    state: input.skipReason ? 'skipped' : input.failureReason ? 'failed' : 'answered',
    error: input.skipReason ?? input.failureReason ?? null,
    reason: !input.skipReason && input.failureReason ? (input.failureCode ?? 'llm_failed') : null,
    byMessageId: reply.id,
  };

  if (state.variablesChanged) writes.variables = state.variables;
  for (const task of state.tasks) {
    writes.insert(Object.assign(new Task(), {
      id: task.id, tenantId, conversationId: conversation.id, kind: task.kind, title: task.title, details: task.details ?? {}, dueAt: task.dueAt ?? null, createdBy: task.createdBy,
    }));
    events.push(new TaskCreated(tenantId, conversation.id, task.id, task.kind, task.title, task.details ?? {}, task.dueAt?.toISOString() ?? null));
  }
  if (state.handoff && conversation.owner === 'ai') {
    writes.handoff = { reason: state.handoff.reason, summary: state.handoff.summary ?? null, at: now };
    events.push(new ConversationHandedOver(tenantId, conversation.id, state.handoff.reason, 'ai', state.handoff.resumeAfterMinutes ?? null));
  }
  writes.totals.messages += 1;
  writes.lastMessageAt = now;
  writes.addTotals(costMicros, totals);

  events.push(new AssistantReplied(tenantId, conversation.id, reply.id, pending.map((m) => m.id), reply.latencyMs ?? 0, costMicros, turn.offline, !!input.failureReason, llm.costMicros, conversation.connectionId, !!input.sentByReplyJob));
  writes.events.push(...events);
  return reply;
}

type Totals = { promptTokens: number; cachedTokens: number; completionTokens: number };

/** One ledger row per model call, priced from the dated table; `messageId` null for a turn that produced no reply. */
export function recordLlmCalls(writes: TurnWrites, conversation: TurnConversation, calls: LlmCallRecord[], prices: PriceBook, messageId: string | null, now = new Date()) {
  let costMicros = 0;
  const totals: Totals = { promptTokens: 0, cachedTokens: 0, completionTokens: 0 };
  for (const call of calls) {
    const priced = prices.price(call.model, call.usage, now);
    costMicros += priced.costMicros;
    totals.promptTokens += call.usage.promptTokens;
    totals.cachedTokens += call.usage.cachedTokens;
    totals.completionTokens += call.usage.completionTokens;
    writes.insert(Object.assign(new UsageRecord(), {
      tenantId: conversation.tenantId, kind: 'llm' as const, assistantId: conversation.assistantId, conversationId: conversation.id, messageId,
      model: call.model, ...call.usage, startedAt: call.startedAt ?? null, durationMs: call.durationMs ?? null, costMicros: priced.costMicros, currency: priced.currency, priceRef: priced.priceRef, createdAt: now,
    }));
  }
  return { costMicros, totals };
}

/** The audit rows of a turn's tool calls, with their events; `messageId` null when the turn produced no reply. */
export function recordToolCalls(writes: TurnWrites, conversation: TurnConversation, calls: ToolCallRecord[], messageId: string | null): ConversationEvent[] {
  return calls.map((call) => {
    const row = Object.assign(new ToolCall(), {
      tenantId: conversation.tenantId, conversationId: conversation.id, messageId, callId: call.callId, name: call.name, arguments: call.arguments,
      rawArguments: call.rawArguments, result: call.result, error: call.error, validation: call.validation, durationMs: call.durationMs, createdAt: call.startedAt,
    });
    writes.insert(row);
    return new ToolCallRecorded(conversation.tenantId, conversation.id, row.id, call.name, !call.error, call.durationMs);
  });
}

/**
 * A turn that ends without a reply (superseded by a burst, answered elsewhere, broken off): its model calls are
 * billed to the conversation, its tool calls audited, and the metrics get its cost (nothing for a turn that cost nothing).
 */
export function recordBilledTurn(
  writes: TurnWrites,
  conversation: TurnConversation,
  turn: { llmCalls: LlmCallRecord[]; toolCalls: ToolCallRecord[] },
  prices: PriceBook,
  reason: UnansweredTurnBilled['reason'],
): void {
  const { costMicros, totals } = recordLlmCalls(writes, conversation, turn.llmCalls, prices, null);
  writes.addTotals(costMicros, totals);
  writes.events.push(...recordToolCalls(writes, conversation, turn.toolCalls, null));
  if (costMicros > 0) writes.events.push(new UnansweredTurnBilled(conversation.tenantId, conversation.id, costMicros, reason));
}
