import type { Assistant, LlmKnowledge, ResolvedTool } from '@confab/assistants';
import {
  citedMarkers, KnowledgeCollector, knowledgeBlock, searchKnowledgeTool, SEARCH_KNOWLEDGE, SEARCH_KNOWLEDGE_TIMEOUT_MS,
  soundsUnsure, toCitations, type Citation, type QueryEmbeddingUsage, type RetrievalService, type RetrievedChunk, type UnansweredQuestion,
} from '@confab/knowledge';
import type { Message } from '../../entities/message.entity';

/**
 * What the assistant's knowledge bases add to one turn. In 'inject' mode the customer's words are searched before
 * the model runs and the chunks go into the system prompt; in 'tool' mode the model gets search_knowledge and
 * decides itself. Either way the chunks become the reply's citations, the query embeddings join its cost, and a
 * question nothing answered is noted for the operators.
 */
export class TurnKnowledge {
  private injected: RetrievedChunk[] = [];
  private injectedBest: number | null = null;
  private queryVector: { model: string; vector: number[] } | null = null;
  private readonly collector = new KnowledgeCollector();
  private readonly usage: QueryEmbeddingUsage[] = [];
  /** The inject-mode search ran before the model (its timing is the trace's 'retrieval' stage). */
  searched = false;

  private constructor(
    private readonly assistant: Assistant,
    private readonly question: string,
  ) {}

  static none(assistant: Assistant): TurnKnowledge {
    return new TurnKnowledge(assistant, '');
  }

  /** Runs the inject-mode search; errors propagate so the reply job can retry. */
  static async prepare(retrieval: RetrievalService, assistant: Assistant, pending: Message[]): Promise<TurnKnowledge> {
    const question = pending.map((m) => m.text ?? '').filter(Boolean).slice(-3).join('\n').trim();
    const turn = new TurnKnowledge(assistant, question);
    if (!turn.enabled || assistant.retrievalMode !== 'inject' || !question) return turn;
    turn.searched = true;
    const found = await retrieval.search({ tenantId: assistant.tenantId, knowledgeBaseIds: assistant.knowledgeBaseIds, query: question, ...assistant.retrieval });
    turn.injected = found.chunks;
    turn.injectedBest = found.bestScore;
    turn.usage.push(...found.usage);
    turn.queryVector = found.queryEmbedding;
    return turn;
  }

  get enabled(): boolean {
    return this.assistant.knowledgeBaseIds.length > 0;
  }

  /** Appended to the system prompt (inject mode). */
  get systemBlock(): string {
    return this.enabled && this.assistant.retrievalMode === 'inject' && this.question ? knowledgeBlock(this.injected) : '';
  }

  /** The search_knowledge tool (tool mode). */
  tools(retrieval: RetrievalService): ResolvedTool[] {
    if (!this.enabled || this.assistant.retrievalMode !== 'tool') return [];
    const plugin = searchKnowledgeTool(retrieval, { tenantId: this.assistant.tenantId, knowledgeBaseIds: this.assistant.knowledgeBaseIds, ...this.assistant.retrieval }, this.collector);
    return [{ spec: { name: SEARCH_KNOWLEDGE, description: plugin.description, parameters: plugin.parameters }, risk: 'read', timeoutMs: SEARCH_KNOWLEDGE_TIMEOUT_MS, config: {}, plugin }];
  }

  /** What the offline responder may answer from. */
  get forOfflineResponder(): LlmKnowledge[] {
    return this.injected.map((c, i) => ({ marker: i + 1, source: [c.documentTitle, ...c.headingPath].join(' > '), text: c.text }));
  }

  citations(reply: string): Citation[] {
    const chunks = this.assistant.retrievalMode === 'inject' ? this.injected : this.collector.chunks;
    const cited = citedMarkers(reply);
    return toCitations(chunks).map((c) => ({ ...c, cited: cited.has(c.marker) }));
  }

  get embeddingUsage(): QueryEmbeddingUsage[] {
    return [...this.usage, ...this.collector.usage];
  }

  /** The question to list as unanswered, or null when the knowledge did its job. */
  gap(reply: string, ids: { tenantId: string; conversationId: string; messageId: string }): UnansweredQuestion | null {
    if (!this.enabled || !this.question) return null;
    const base = { ...ids, assistantId: this.assistant.id, question: this.question, embedding: this.queryVector };
    const noMatch = this.assistant.retrievalMode === 'inject' ? this.injected.length === 0 : this.collector.searches > 0 && this.collector.chunks.length === 0;
    if (noMatch) return { ...base, reason: 'no_match', topScore: this.assistant.retrievalMode === 'inject' ? this.injectedBest : this.collector.bestScore };
    if (soundsUnsure(reply)) return { ...base, reason: 'assistant_unsure', topScore: this.injectedBest ?? this.collector.bestScore };
    return null;
  }
}
