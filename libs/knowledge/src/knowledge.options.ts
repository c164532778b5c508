import type { AllowedHost } from '@confab/net';

export const KNOWLEDGE_OPTIONS = Symbol('KNOWLEDGE_OPTIONS');
export const INGEST_QUEUE = 'knowledge-ingest';

export interface KnowledgeLimits {
  /** Largest upload or fetched page, in bytes. */
  maxFileBytes: number;
  maxPdfPages: number;
  /** Chunks one tenant may hold across all knowledge bases. */
  maxChunksPerTenant: number;
}

export interface KnowledgeFetchOptions {
  timeoutMs: number;
  /** Pages one URL document may add by following same-site links. */
  maxCrawlPages: number;
  maxCrawlDepth: number;
  /** Internal hosts URL documents may reach (OUTBOUND_ALLOWED_HOSTS); everything private is refused otherwise. */
  allowedHosts: readonly AllowedHost[];
}

export interface KnowledgeOptions {
  /** Runs the ingestion jobs in this process. */
  worker: boolean;
  vectorStore: { kind: 'qdrant'; url: string; apiKey?: string } | { kind: 'embedded'; directory: string };
  /** Null: the embedded sentence encoder is the default model. */
  openaiEmbeddings: { apiKey: string; baseUrl?: string; model: string; dimensions?: number; timeoutMs: number } | null;
  limits: KnowledgeLimits;
  fetch: KnowledgeFetchOptions;
  ingestion: { attempts: number; backoffMs: number };
  retrieval: { topK: number };
}
