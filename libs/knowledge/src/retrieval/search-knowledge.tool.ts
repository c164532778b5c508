import type { JsonSchemaObject, ToolPlugin, ToolResult } from '@confab/plugin-sdk';
import type { RetrievalService } from './retrieval.service';
import type { RetrievedChunk, QueryEmbeddingUsage } from './retrieved-chunk';

export const SEARCH_KNOWLEDGE = 'search_knowledge';
export const SEARCH_KNOWLEDGE_TIMEOUT_MS = 15_000;

/** What the searches of one turn found, kept so the reply can store its citations and costs. */
export class KnowledgeCollector {
  readonly chunks: RetrievedChunk[] = [];
  readonly usage: QueryEmbeddingUsage[] = [];
  searches = 0;
  bestScore: number | null = null;

  add(chunks: RetrievedChunk[], usage: QueryEmbeddingUsage[], bestScore: number | null): void {
    this.searches += 1;
    if (bestScore !== null && (this.bestScore === null || bestScore > this.bestScore)) this.bestScore = bestScore;
    this.usage.push(...usage);
    for (const chunk of chunks) if (!this.chunks.some((c) => c.chunkId === chunk.chunkId)) this.chunks.push(chunk);
  }

  markerOf(chunkId: string): number {
    return this.chunks.findIndex((c) => c.chunkId === chunkId) + 1;
  }
}

/**
 * The retrieval mode 'tool': the model decides when to look things up. Not a plugin: it belongs to the knowledge
 * module and is added to the turn of any assistant with knowledge bases in this mode.
 */
export function searchKnowledgeTool(retrieval: RetrievalService, scope: { tenantId: string; knowledgeBaseIds: string[]; topK?: number; scoreThreshold?: number; hybrid?: boolean }, collector: KnowledgeCollector): ToolPlugin<{ query: string }> {
  const parameters: JsonSchemaObject = {
    type: 'object',
    properties: { query: { type: 'string', minLength: 2, maxLength: 500, description: 'What to look up, as a short question or keywords' } },
    required: ['query'],
    additionalProperties: false,
  };
  return {
    description:
      "Search the business's knowledge base (policies, prices, opening hours, product facts). Call it before answering any question about the business. Cite results as [n].",
    parameters,
    async execute(args): Promise<ToolResult> {
      const found = await retrieval.search({ ...scope, query: args.query });
      collector.add(found.chunks, found.usage, found.bestScore);
      if (!found.chunks.length) return { content: { results: [], message: 'Nothing in the knowledge base matches. Say you do not know rather than guessing.' } };
      return {
        content: {
          results: found.chunks.map((c) => ({
            ref: `[${collector.markerOf(c.chunkId)}]`,
            source: [c.documentTitle, ...c.headingPath].join(' > '),
            score: c.score === null ? null : Math.round(c.score * 1000) / 1000,
            text: c.text,
          })),
        },
      };
    },
  };
}
