import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appendEvents, Db, PgSignals } from '@confab/persistence';
import { REPLY_COMMITTED } from '../../ports/reply-signal';
import { AssistantCache, LlmClient, LlmError, OfflineResponder, PriceBook, runTurn, TurnInterrupted, type LlmClient as Llm, type TurnResult } from '@confab/assistants';
import { canShowTyping, NO_PIPELINE_METRICS, PipelineMetrics, PluginRegistry } from '@confab/plugin-sdk';
import { KnowledgeGapsService, RetrievalService } from '@confab/knowledge';
import { ConnectionService } from '../../connections/connection.service';
import { Conversation } from '../../entities/conversation.entity';
import { Message } from '../../entities/message.entity';
import { ReplyFailed } from '../../events/conversation.events';
import { CONVERSATIONS_OPTIONS, type ConversationsOptions, typingDelayMs } from '../../conversations.options';
import { Inject, Optional } from '@nestjs/common';
import { assemblePrompt } from './prompt-assembly';
import { recordBilledTurn, recordReply } from './record-reply';
import { lockConversation, TurnWrites, writeTurn, writeTurnAtOnce, type TurnConversation } from './turn-writes';
import type { StoredConversationState } from '../receive-inbound-message/store-inbound-message';
import { resolveTools } from './resolve-tools';
import { TurnState } from './turn-state';
import { historyForTurn } from './turn-history';
import { loadTurnMessages } from './turn-messages';
import type { OutboundSend } from '../send-outbound-message/outbound-send-rows';
import { TurnKnowledge } from './turn-knowledge';
import { GenerateReply, type GenerateReplyOutcome } from './generate-reply.command';
import { BudgetGuard } from '../../budgets/budget-guard';
import { burstContinues } from './burst-continues';
import { lockTurn } from './lock-turn';
import { LivePublisher } from '../../live/live-publisher';
import { ReplyStream } from '../../live/reply-stream';
import { liveConversation, liveMessage } from '../../live/live-views';
import { clientToolsOf } from './client-tools';
import { withDraft } from './assistant-draft';

/** A retry is worth making only if it gets at least this long before the reply budget runs out. */
const MIN_USEFUL_ATTEMPT_MS = 1_000;

/**
 * Answers every customer message still waiting in a conversation with one reply. Runs in the ai-reply worker under
 * a per-conversation lock. A failing model leaves the messages 'pending' with the reason recorded, so the job's
 * retry picks them up again. The whole reply is bounded, not just each call: an attempt is cut off after
 * replyAttemptTimeoutMs, and once no further attempt could finish within the channel's reply budget (counted from
 * the first waiting message) - or on the final attempt - the messages are marked 'failed' (retryable through the
 * API) and the fallback answers (the offline responder, plus a hand-over when the assistant has one), so the
 * customer never waits on silence.
 */
const HANDOFF_TOOL = 'handoff_to_human';

/** The channel's reply budget ran out before this attempt could start. */
class ReplyBudgetSpent extends Error {
  constructor(budgetMs: number, lastError: string | null | undefined) {
    super(`No reply within the ${formatSeconds(budgetMs)} reply budget${lastError ? ` (last error: ${lastError})` : ''}`);
    this.name = 'ReplyBudgetSpent';
  }
}

/** The tenant's or the assistant's monthly budget is used up: the model is not called at all. */
class BudgetUsedUp extends Error {
  constructor(scope: string) {
    super(`The ${scope === 'tenant' ? "tenant's" : "assistant's"} monthly budget is used up`);
    this.name = 'BudgetUsedUp';
  }
}

export const BUDGET_EXHAUSTED = 'budget_exhausted';


function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

@CommandHandler(GenerateReply)
export class GenerateReplyHandler implements ICommandHandler<GenerateReply> {
  private readonly logger = new Logger('GenerateReply');

  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
    private readonly llm: LlmClient,
    private readonly offline: OfflineResponder,
    private readonly prices: PriceBook,
    @Inject(CONVERSATIONS_OPTIONS) private readonly options: ConversationsOptions,
    private readonly connections: ConnectionService,
    private readonly retrieval: RetrievalService,
    private readonly gaps: KnowledgeGapsService,
    private readonly budgets: BudgetGuard,
    private readonly signals: PgSignals,
    private readonly assistants: AssistantCache,
    @Optional() private readonly pipeline: PipelineMetrics = NO_PIPELINE_METRICS,
    @Optional() private readonly live?: LivePublisher,
  ) {}

  async execute(command: GenerateReply): Promise<GenerateReplyOutcome> {
    const turnStartedAt = new Date();
    const em = this.db.model();
    const loaded = await loadTurnMessages(this.db, em, command.tenantId, command.conversationId, this.options.historyLimit);
    if (!loaded?.pending.length) return { status: 'nothing_pending' };
    const { conversation, pending, recent } = loaded;
    if (conversation.owner === 'human') return this.skip(command.tenantId, conversation, pending, 'handed_over');
    const stored = await this.assistants.find(command.tenantId, conversation.assistantId);
    if (!stored) return this.skip(command.tenantId, conversation, pending, 'assistant_deleted');
    const isTestChat = conversation.tags.includes('test');
    // A switched-off assistant answers no customer; test chats still run, so it can be tried before it goes live.
    if (!stored.enabled && !isTestChat) return this.skip(command.tenantId, conversation, pending, 'assistant_disabled');
    const assistant = withDraft(stored, conversation.assistantDraft);

    const channel = this.registry.channel(conversation.channel).plugin;
    // A message that arrives after its own window closed (a late webhook) cannot get a free-form answer:
    // don't pay for a reply the channel will refuse.
    const hours = channel.capabilities.serviceWindowHours;
    if (hours && (!conversation.serviceWindowExpiresAt || conversation.serviceWindowExpiresAt <= new Date())) {
      return this.skip(command.tenantId, conversation, pending, 'service_window_closed');
    }
    const budgetMs = channel.capabilities.replyBudgetMs ?? this.options.replyBudgetMs;
    const deadline = pending[0].createdAt.getTime() + budgetMs;
    // Retry only when Bull's next attempt would still start with time to spare inside the budget.
    const mayRetry = () => !command.finalAttempt && Date.now() + command.retryInMs + MIN_USEFUL_ATTEMPT_MS < deadline;
    const last = pending[pending.length - 1];
    let typing: NodeJS.Timeout | undefined;
    if (canShowTyping(channel) && last.providerMessageId) {
      // Only for a reply that takes a while: a fast one is itself the sign of life, and costs one provider call, not two.
      // Best effort: a lost read receipt or typing bubble must never cost the customer the reply.
      typing = setTimeout(() => {
        this.connections
          .load(conversation.connectionId, { type: conversation.channel, tenantId: command.tenantId })
          .then((connection) => channel.showTyping(connection, last.providerMessageId!))
          .catch((err) => this.logger.warn({ msg: 'Typing indicator failed', conversationId: conversation.id, error: (err as Error).message }));
      }, typingDelayMs(this.options));
      typing.unref();
    }
    // Only channels that show replies as they are written pay for typing and deltas; the others publish nothing here.
    // A caller may also ask for one reply to be streamed (the OpenAI-compatible endpoint's stream: true on channel api).
    const streamed = channel.capabilities.streaming || pending.some((m) => m.metadata?.streamReply === true);
    const stream = streamed && this.live?.enabled ? new ReplyStream(this.live, command.tenantId, conversation.id) : undefined;
    stream?.typing(true);
    // Before anything that costs (question embeddings included): a used-up budget answers with the fallback.
    const budget = await this.budgets.check(command.tenantId, assistant.id, isTestChat);
    const turnIds = new Set(pending.map((m) => m.id));
    const history = historyForTurn(recent, pending);
    const state = new TurnState(conversation, { log: (m, f) => this.logger.log({ msg: m, ...f }), warn: (m, f) => this.logger.warn({ msg: m, ...f }) });
    // Knowledge and tools that cannot be loaded are a reason to retry; on the last attempt the reply goes out
    // without them (noted in its metadata), so a broken tool config or a down vector store never leaves the
    // customer without an answer.
    const degraded: string[] = [];
    const orDegrade = async <T>(what: string, load: () => Promise<T>, fallback: T): Promise<T> => {
      try {
        return await load();
      } catch (err) {
        const reason = `${what}: ${(err as Error).message}`;
        if (mayRetry()) {
          await this.noteFailure(command.tenantId, conversation.id, pending, reason, true);
          stream?.typing(false);
          throw err;
        }
        this.logger.warn({ msg: 'Replying without part of the assistant on the last chance', conversationId: conversation.id, reason });
        degraded.push(reason);
        return fallback;
      }
    };
    const retrievalStartedAt = new Date();
    const knowledge = budget.exhausted
      ? TurnKnowledge.none(assistant)
      : await orDegrade('Knowledge search failed', () => TurnKnowledge.prepare(this.retrieval, assistant, pending), TurnKnowledge.none(assistant));
    const retrievalMs = Date.now() - retrievalStartedAt.getTime();
    const enabledTools = await orDegrade('Tools could not be loaded', () => resolveTools(this.registry, command.tenantId, assistant), []);
    const tools = [...enabledTools, ...knowledge.tools(this.retrieval)];
    const prompt = assemblePrompt(assistant, channel.formattingGuidance, conversation.variables, history, knowledge.systemBlock);
    const offlineKnowledge = knowledge.enabled && assistant.retrievalMode === 'inject' ? knowledge.forOfflineResponder : undefined;
    const run = (llm: Llm, signal?: AbortSignal) =>
      runTurn({
        signal,
        llm,
        model: assistant.model,
        temperature: assistant.temperature,
        messages: prompt,
        tools,
        endUserId: conversation.customerId,
        knowledge: offlineKnowledge,
        maxIterations: this.options.maxToolRounds,
        // Half the attempt's time for tool rounds, then the model must answer in words before the attempt is cut off.
        turnBudgetMs: Math.max(1_000, Math.round(this.options.replyAttemptTimeoutMs / 2)),
        contextFor: (tool, signal) => state.contextFor(tool, signal),
        onDelta: stream?.delta,
        clientTools: clientToolsOf(pending),
      });

    const began = performance.now();
    let turn: TurnResult;
    let failureReason: string | undefined;
    let failureCode: 'timeout' | 'llm_failed' | 'tool_failed' = 'llm_failed';
    let budgetStop = false;
    // The budget ends retrying, not trying: a turn nothing was tried for yet (picked up late after a crash or a
    // backlog) gets one full attempt. After a failure, a retry that starts past the budget goes straight to the fallback.
    const triedBefore = pending.some((m) => m.replyError);
    const attemptMs = triedBefore ? Math.min(this.options.replyAttemptTimeoutMs, deadline - Date.now()) : this.options.replyAttemptTimeoutMs;
    let attemptTimedOut = false;
    try {
      if (budget.exhausted) throw new BudgetUsedUp(budget.exhausted.scope);
      if (attemptMs <= 0) throw new ReplyBudgetSpent(budgetMs, pending.find((m) => m.replyError)?.replyError);
      const attemptTimeout = AbortSignal.timeout(attemptMs);
      const signal = command.signal ? AbortSignal.any([attemptTimeout, command.signal]) : attemptTimeout;
      try {
        turn = await run(this.llm, signal);
      } catch (thrown) {
        if (command.signal?.aborted) throw command.signal.reason; // another worker owns the conversation now
        if (!attemptTimeout.aborted) throw thrown;
        attemptTimedOut = true;
        // The SDK reports its abort as a connection error: say what really happened.
        const timedOut = new LlmError(`The language model did not answer within ${formatSeconds(attemptMs)}`, true);
        throw thrown instanceof TurnInterrupted ? new TurnInterrupted(timedOut, thrown.toolCalls, thrown.llmCalls) : timedOut;
      }
    } catch (thrown) {
      if (command.signal?.aborted) throw thrown;
      // Model calls already made are billed and tools already run have had their effect: record both.
      if (thrown instanceof TurnInterrupted) await this.recordInterrupted(command.tenantId, conversation.id, thrown);
      const err = thrown instanceof TurnInterrupted ? thrown.cause : thrown;
      const reason = err instanceof LlmError || err instanceof ReplyBudgetSpent || err instanceof BudgetUsedUp ? err.message : `Reply failed: ${(err as Error).message}`;
      const retryable = !(err instanceof LlmError || err instanceof BudgetUsedUp) || (err instanceof LlmError && err.retryable);
      // The stable code the unanswered queue shows; a turn broken off after a tool failed counts as the tool's failure.
      failureCode = err instanceof ReplyBudgetSpent || attemptTimedOut ? 'timeout'
        : thrown instanceof TurnInterrupted && thrown.toolCalls.some((c) => c.error) ? 'tool_failed' : 'llm_failed';
      if (retryable && !(err instanceof ReplyBudgetSpent) && mayRetry()) {
        await this.noteFailure(command.tenantId, conversation.id, pending, reason, true);
        stream?.typing(false);
        throw err;
      }
      if (err instanceof BudgetUsedUp) budgetStop = true;
      failureReason = !command.finalAttempt && retryable && !(err instanceof ReplyBudgetSpent)
        ? `${reason} (no time left to try again within the ${formatSeconds(budgetMs)} reply budget)`
        : reason;
      this.logger.warn({ msg: budgetStop ? 'Monthly budget used up; the fallback answers instead' : 'Language model failed for good; the fallback answers instead', conversationId: conversation.id, reason: failureReason });
      // Screens drop what the failed attempt streamed: the fallback streams under a turn id of its own.
      stream?.restart();
      turn = await run(this.offline);
      // An assistant that can hand over does so: a person picks up what the model could not answer.
      if (!state.handoff && assistant.tools.some((t) => t.name === HANDOFF_TOOL)) {
        state.handoff = { reason: `The assistant could not answer: ${failureReason}`.slice(0, 500) };
      }
    }
    const generationMs = Math.round(performance.now() - began);
    clearTimeout(typing);
    command.signal?.throwIfAborted();

    let superseded = false;
    let replied: StoredConversationState | undefined;
    let morePending: boolean | undefined;
    // When the turn started and how long the knowledge search took: the pipeline trace reads them from here.
    const trace = { turnStartedAt: turnStartedAt.toISOString(), ...(knowledge.searched ? { retrievalStartedAt: retrievalStartedAt.toISOString(), retrievalMs } : {}) };
    const metadata = {
      trace, ...(failureReason ? { fallback: true, llm: this.offline.kind } : { llm: this.llm.kind }), ...(degraded.length ? { degraded } : {}),
      ...(turn.clientToolCalls?.length ? { clientToolCalls: turn.clientToolCalls } : {}),
    };
    const composeReply = (writes: TurnWrites, conv: TurnConversation, answered: Message[]) => {
      const message = recordReply(writes, {
        conversation: conv, pending: answered, turn, state, prices: this.prices, generationMs, metadata, failureReason, failureCode,
        skipReason: budgetStop ? BUDGET_EXHAUSTED : undefined,
        citations: knowledge.citations(turn.text), embeddingUsage: knowledge.embeddingUsage, sentByReplyJob: command.sendsReply,
      });
      // A used-up budget is not a failed reply: the messages are skipped (the unanswered queue's budget_exhausted).
      if (failureReason && !budgetStop) writes.events.push(new ReplyFailed(command.tenantId, conv.id, answered.map((m) => m.id), failureReason, false));
      return message;
    };
    const byTime = (a: Message, b: Message) => a.createdAt.getTime() - b.createdAt.getTime();
    let reply: Message | null | undefined;
    // Set when the reply committed in one round trip: nothing moved since the turn's read, so what the read and the
    // turn know is what the send would read back (the transaction's path leaves the send to read it).
    let send: OutboundSend | undefined;
    const answered = [...pending].sort(byTime);
    // Most turns find everything as they left it: their commit is one round trip (writeTurnAtOnce). A turn that
    // something moved under, or that records a knowledge gap, takes the transaction below.
    if (!knowledge.gap(turn.text, { tenantId: command.tenantId, conversationId: conversation.id, messageId: answered[answered.length - 1].id })) {
      const conv: TurnConversation = { id: conversation.id, tenantId: command.tenantId, assistantId: conversation.assistantId, connectionId: conversation.connectionId, owner: conversation.owner };
      const writes = new TurnWrites();
      const message = composeReply(writes, conv, answered);
      replied = await writeTurnAtOnce(em, this.db, conv, [...turnIds], writes);
      if (replied) {
        reply = message;
        morePending = false;
        if (command.sendsReply) send = outboundSendOf(message, conversation, loaded.identities);
      }
    }
    reply ??= await this.db.transaction(command.tenantId, async (tx) => {
      // The conversation first, then its pending messages (lock-turn.ts): the order a hand-over takes them in.
      const conv = await lockConversation(tx, command.tenantId, conversation.id);
      const { fresh, newerPending } = await lockTurn(tx, command.tenantId, conversation.id, [...turnIds]);
      const writes = new TurnWrites();
      if (fresh.length < pending.length) {
        // Part of the turn was answered meanwhile (a recovered job racing another, a manual retry): this text answers
        // it too, so it is not sent. Its model calls are billed all the same; what is still pending gets a new turn.
        recordBilledTurn(writes, conv, turn, this.prices, 'answered_elsewhere');
        await writeTurn(tx, conv, writes);
        return null;
      }
      // The lock's count also tells the reply job whether another turn is needed after this one (no second read).
      morePending = newerPending > 0;
      // The customer wrote again while this text was generated (a burst): one answer to all of it beats an answer to
      // the first message followed by another, so the text is dropped (its model calls are billed) and the burst's
      // reply answers everything. Not after tools ran (their effects belong to a reply), nor past the burst's cap.
      if (!failureReason && !turn.toolCalls.length && burstContinues(assistant, pending, this.options.replyDebounceMs, newerPending)) {
        recordBilledTurn(writes, conv, turn, this.prices, 'superseded'); // no tool calls: a turn that ran tools is never superseded
        await writeTurn(tx, conv, writes);
        superseded = true;
        return null;
      }
      fresh.sort(byTime);
      const message = composeReply(writes, conv, fresh);
      replied = await writeTurn(tx, conv, writes);
      const gap = knowledge.gap(turn.text, { tenantId: command.tenantId, conversationId: conv.id, messageId: fresh[fresh.length - 1].id });
      if (gap) await this.gaps.record(tx, gap);
      return message;
    });
    this.publishReply(command.tenantId, conversation.id, reply, replied, turn, stream);
    if (!reply) return superseded ? { status: 'superseded', morePending: true } : { status: 'nothing_pending' };
    await this.signalWaiters(conversation);
    if (!failureReason) this.pipeline.replyCompleted(conversation.channel, Date.now() - pending[0].createdAt.getTime());
    // After the spend is in the ledger: announce the 80% and 100% lines the reply crossed (once per month each).
    // Only a reply that cost something under a budget can cross one; a budget made meanwhile is checked by the next turn.
    if (!budgetStop && budget.budgeted && reply.costMicros) await this.budgets.check(command.tenantId, assistant.id, isTestChat).catch((err) => this.logger.warn({ msg: 'Budget check after a reply failed; the next message checks again', error: (err as Error).message }));
    const sent = { messageId: reply.id, connectionId: reply.connectionId, morePending, ...(send ? { send } : {}) };
    return failureReason ? { status: 'fell_back', reason: failureReason, ...sent } : { status: 'replied', offline: turn.offline, ...sent };
  }

  /** After the commit: the stored reply and the conversation's new totals, then the end of typing. */
  private publishReply(tenantId: string, conversationId: string, reply: Message | null, conversation: StoredConversationState | undefined, turn: TurnResult, stream: ReplyStream | undefined): void {
    if (!this.live) return;
    stream?.flush();
    const events: Parameters<LivePublisher['publish']> = [];
    if (reply && conversation) {
      const toolCalls = turn.toolCalls.map((c) => ({ name: c.name, status: c.error ? 'failed' : 'ok', durationMs: c.durationMs }));
      events.push(
        { type: 'message.created', tenantId, conversationId, data: liveMessage(reply, { turnId: stream?.turnId, toolCalls }) },
        { type: 'conversation.updated', tenantId, conversationId, data: liveConversation(conversation) },
      );
    }
    if (stream) events.push({ type: 'typing', tenantId, conversationId, data: { active: false } });
    void this.live.publish(...events);
  }

  private async skip(tenantId: string, conversation: Conversation, pending: Message[], reason: 'handed_over' | 'assistant_deleted' | 'assistant_disabled' | 'service_window_closed'): Promise<GenerateReplyOutcome> {
    await this.db.transaction(tenantId, async (tx) => {
      await tx.nativeUpdate(Message, { id: { $in: pending.map((m) => m.id) }, replyState: 'pending' }, { replyState: 'skipped', replyError: reason });
    });
    await this.signalWaiters(conversation);
    return { status: reason === 'handed_over' ? 'handed_over' : reason === 'service_window_closed' ? 'window_closed' : 'assistant_missing' };
  }

  /** A request of a synchronous channel may be waiting for this answer: tell it now rather than on its next poll. */
  private async signalWaiters(conversation: Conversation): Promise<void> {
    if (this.registry.hasChannel(conversation.channel) && this.registry.channel(conversation.channel).plugin.capabilities.syncReplies) {
      await this.signals.notify(REPLY_COMMITTED, conversation.id);
    }
  }

  /** The calls of a turn the model broke off: ledger rows and tool-call audit rows without a reply message. */
  private async recordInterrupted(tenantId: string, conversationId: string, turn: TurnInterrupted): Promise<void> {
    await this.db.transaction(tenantId, async (tx) => {
      const conv = await lockConversation(tx, tenantId, conversationId);
      const writes = new TurnWrites();
      recordBilledTurn(writes, conv, turn, this.prices, 'interrupted');
      await writeTurn(tx, conv, writes);
    });
  }

  private async noteFailure(tenantId: string, conversationId: string, pending: Message[], reason: string, willRetry: boolean): Promise<void> {
    await this.db.transaction(tenantId, async (tx) => {
      await tx.nativeUpdate(Message, { id: { $in: pending.map((m) => m.id) }, replyState: 'pending' }, { replyError: reason });
      appendEvents(tx, new ReplyFailed(tenantId, conversationId, pending.map((m) => m.id), reason, willRetry));
    });
  }
}

/** The reply as its send needs it (outbound-send-rows.ts loadOutboundSend), from the turn's own rows. */
function outboundSendOf(reply: Message, conversation: Conversation, to: OutboundSend['to']): OutboundSend {
  return {
    id: reply.id, conversationId: conversation.id, deliveryStatus: 'pending', text: reply.text ?? null, metadata: reply.metadata ?? {},
    replyToProviderMessageId: reply.replyToProviderMessageId ?? null, channel: conversation.channel, connectionId: reply.connectionId,
    serviceWindowExpiresAt: conversation.serviceWindowExpiresAt ?? null, to,
  };
}
