import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appendEvents, Db } from '@confab/persistence';
import { Assistant, LlmClient, LlmError, OfflineResponder, PriceBook, runTurn, TurnInterrupted, type LlmClient as Llm, type TurnResult } from '@confab/assistants';
import { canShowTyping, PluginRegistry } from '@confab/plugin-sdk';
import { KnowledgeGapsService, RetrievalService } from '@confab/knowledge';
import { ConnectionService } from '../../connections/connection.service';
import { FOR_UPDATE } from '../../domain/locking';
import { Conversation } from '../../entities/conversation.entity';
import { Message } from '../../entities/message.entity';
import { ReplyFailed } from '../../events/conversation.events';
import { CONVERSATIONS_OPTIONS, type ConversationsOptions } from '../../conversations.options';
import { Inject } from '@nestjs/common';
import { assemblePrompt } from './prompt-assembly';
import { addToTotals, recordLlmCalls, recordReply, recordToolCalls } from './record-reply';
import { resolveTools } from './resolve-tools';
import { TurnState } from './turn-state';
import { TurnKnowledge } from './turn-knowledge';
import { GenerateReply, type GenerateReplyOutcome } from './generate-reply.command';

/**
 * Answers every customer message still waiting in a conversation with one reply. Runs in the ai-reply worker under
 * a per-conversation lock. A failing model leaves the messages 'pending' with the reason recorded, so the job's
 * retry picks them up again; on the final attempt they are marked 'failed' (retryable through the API) and the
 * offline responder answers, so the customer never waits on silence.
 */
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
  ) {}

  async execute(command: GenerateReply): Promise<GenerateReplyOutcome> {
    const em = this.db.forTenant(command.tenantId);
    const conversation = await em.findOne(Conversation, { id: command.conversationId });
    if (!conversation) return { status: 'nothing_pending' };
    const pending = await em.find(Message, { conversationId: conversation.id, replyState: 'pending' }, { orderBy: { createdAt: 'asc' } });
    if (!pending.length) return { status: 'nothing_pending' };
    if (conversation.owner === 'human') return this.skip(command.tenantId, pending, 'handed_over');
    const assistant = await em.findOne(Assistant, { id: conversation.assistantId, deletedAt: null });
    if (!assistant) return this.skip(command.tenantId, pending, 'assistant_deleted');

    const channel = this.registry.channel(conversation.channel).plugin;
    // A message that arrives after its own window closed (a late webhook) cannot get a free-form answer:
    // don't pay for a reply the channel will refuse.
    const hours = channel.capabilities.serviceWindowHours;
    if (hours && (!conversation.serviceWindowExpiresAt || conversation.serviceWindowExpiresAt <= new Date())) {
      return this.skip(command.tenantId, pending, 'service_window_closed');
    }
    const last = pending[pending.length - 1];
    if (canShowTyping(channel) && last.providerMessageId) {
      // Best effort: a lost read receipt or typing bubble must never cost the customer the reply.
      this.connections
        .load(conversation.connectionId, { type: conversation.channel, tenantId: command.tenantId })
        .then((connection) => channel.showTyping(connection, last.providerMessageId!))
        .catch((err) => this.logger.warn({ msg: 'Typing indicator failed', conversationId: conversation.id, error: (err as Error).message }));
    }
    const history = (
      await em.find(Message, { conversationId: conversation.id }, { orderBy: { createdAt: 'desc' }, limit: this.options.historyLimit })
    ).reverse();
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
        if (!command.finalAttempt) {
          await this.noteFailure(command.tenantId, conversation.id, pending, reason, true);
          throw err;
        }
        this.logger.warn({ msg: 'Replying without part of the assistant on the last attempt', conversationId: conversation.id, reason });
        degraded.push(reason);
        return fallback;
      }
    };
    const knowledge = await orDegrade('Knowledge search failed', () => TurnKnowledge.prepare(this.retrieval, assistant, pending), TurnKnowledge.none(assistant));
    const enabledTools = await orDegrade('Tools could not be loaded', () => resolveTools(this.registry, command.tenantId, assistant), []);
    const tools = [...enabledTools, ...knowledge.tools(this.retrieval)];
    const prompt = assemblePrompt(assistant, channel.formattingGuidance, conversation.variables, history, knowledge.systemBlock);
    const offlineKnowledge = knowledge.enabled && assistant.retrievalMode === 'inject' ? knowledge.forOfflineResponder : undefined;
    const run = (llm: Llm) =>
      runTurn({
        llm,
        model: assistant.model,
        temperature: assistant.temperature,
        messages: prompt,
        tools,
        endUserId: conversation.customerId,
        knowledge: offlineKnowledge,
        maxIterations: this.options.maxToolRounds,
        turnBudgetMs: 60_000,
        contextFor: (tool, signal) => state.contextFor(tool, signal),
      });

    const began = performance.now();
    let turn: TurnResult;
    let failureReason: string | undefined;
    try {
      turn = await run(this.llm);
    } catch (thrown) {
      // Model calls already made are billed and tools already run have had their effect: record both.
      if (thrown instanceof TurnInterrupted) await this.recordInterrupted(command.tenantId, conversation.id, thrown);
      const err = thrown instanceof TurnInterrupted ? thrown.cause : thrown;
      const reason = err instanceof LlmError ? err.message : `Reply failed: ${(err as Error).message}`;
      const retryable = !(err instanceof LlmError) || err.retryable;
      if (retryable && !command.finalAttempt) {
        await this.noteFailure(command.tenantId, conversation.id, pending, reason, true);
        throw err;
      }
      this.logger.warn({ msg: 'Language model failed for good; the offline responder answers instead', conversationId: conversation.id, reason });
      failureReason = reason;
      turn = await run(this.offline);
    }
    const generationMs = Math.round(performance.now() - began);

    const reply = await this.db.transaction(command.tenantId, async (tx) => {
      const conv = await tx.findOneOrFail(Conversation, { id: conversation.id }, FOR_UPDATE);
      const fresh = await tx.find(Message, { id: { $in: pending.map((m) => m.id) }, replyState: 'pending' });
      if (!fresh.length) return null; // answered meanwhile (a retried job racing a manual retry)
      const metadata = { ...(failureReason ? { fallback: true, llm: this.offline.kind } : { llm: this.llm.kind }), ...(degraded.length ? { degraded } : {}) };
      const message = recordReply(tx, {
        conversation: conv, pending: fresh, turn, state, prices: this.prices, generationMs, metadata, failureReason,
        citations: knowledge.citations(turn.text), embeddingUsage: knowledge.embeddingUsage,
      });
      const gap = knowledge.gap(turn.text, { tenantId: command.tenantId, conversationId: conv.id, messageId: fresh[fresh.length - 1].id });
      if (gap) await this.gaps.record(tx, gap);
      if (failureReason) appendEvents(tx, new ReplyFailed(command.tenantId, conv.id, fresh.map((m) => m.id), failureReason, false));
      return message;
    });
    if (!reply) return { status: 'nothing_pending' };
    return failureReason ? { status: 'fell_back', messageId: reply.id, reason: failureReason } : { status: 'replied', messageId: reply.id, offline: turn.offline };
  }

  private async skip(tenantId: string, pending: Message[], reason: 'handed_over' | 'assistant_deleted' | 'service_window_closed'): Promise<GenerateReplyOutcome> {
    await this.db.transaction(tenantId, async (tx) => {
      await tx.nativeUpdate(Message, { id: { $in: pending.map((m) => m.id) }, replyState: 'pending' }, { replyState: 'skipped', replyError: reason });
    });
    return { status: reason === 'handed_over' ? 'handed_over' : reason === 'service_window_closed' ? 'window_closed' : 'assistant_missing' };
  }

  /** The calls of a turn the model broke off: ledger rows and tool-call audit rows without a reply message. */
  private async recordInterrupted(tenantId: string, conversationId: string, turn: TurnInterrupted): Promise<void> {
    await this.db.transaction(tenantId, async (tx) => {
      const conv = await tx.findOneOrFail(Conversation, { id: conversationId }, FOR_UPDATE);
      const { costMicros, totals } = recordLlmCalls(tx, conv, turn.llmCalls, this.prices, null);
      addToTotals(conv, costMicros, totals);
      appendEvents(tx, ...recordToolCalls(tx, conv, turn.toolCalls, null));
    });
  }

  private async noteFailure(tenantId: string, conversationId: string, pending: Message[], reason: string, willRetry: boolean): Promise<void> {
    await this.db.transaction(tenantId, async (tx) => {
      await tx.nativeUpdate(Message, { id: { $in: pending.map((m) => m.id) }, replyState: 'pending' }, { replyError: reason });
      appendEvents(tx, new ReplyFailed(tenantId, conversationId, pending.map((m) => m.id), reason, willRetry));
    });
  }
}
