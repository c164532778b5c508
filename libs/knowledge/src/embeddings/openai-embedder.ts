import type OpenAI from 'openai';
import { Embedder, type EmbeddingResult } from './embedder.port';
import { EmbeddingError } from './embedding-error';

export interface OpenAiEmbedderOptions {
  apiKey: string;
  baseUrl?: string;
  model: string;
  /** Needed for models whose size we do not know; for text-embedding-3-* it shortens the vectors. */
  dimensions?: number;
  timeoutMs: number;
  maxRetries?: number;
}

const KNOWN_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};
// OpenAI's limits per request are 2,048 inputs and 300,000 tokens; stay well inside both.
const MAX_INPUTS = 256;
const MAX_CHARS = 600_000;

type OpenAiSdk = typeof import('openai');
let sdk: Promise<OpenAiSdk> | undefined;
/** The SDK loads with the first embedding call, not at start: an API process rarely embeds and would hold it all along (issues 9, 16). */
const loadSdk = () => (sdk ??= import('openai'));

/** Embeddings from any OpenAI-compatible server through the official SDK, in provider-sized batches. */
export class OpenAiEmbedder extends Embedder {
  readonly kind = 'openai';
  readonly model: string;
  readonly dimension: number;
  private openai?: Promise<OpenAI>;
  private readonly shorten: boolean;

  constructor(private readonly options: OpenAiEmbedderOptions) {
    super();
    const known = KNOWN_DIMENSIONS[options.model];
    const dimension = options.dimensions ?? known;
    if (!dimension) throw new Error(`EMBEDDINGS_DIMENSIONS is required for the embedding model ${options.model} (its vector size is not known)`);
    this.model = options.model;
    this.dimension = dimension;
    this.shorten = options.dimensions !== undefined && options.model.startsWith('text-embedding-3') && options.dimensions !== known;
  }

  private get client(): Promise<OpenAI> {
    const { apiKey, baseUrl, timeoutMs, maxRetries } = this.options;
    return (this.openai ??= loadSdk().then(({ OpenAI }) => new OpenAI({ apiKey, baseURL: baseUrl, timeout: timeoutMs, maxRetries: maxRetries ?? 2 })));
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<EmbeddingResult> {
    const vectors: number[][] = [];
    let promptTokens = 0;
    for (const batch of batches(texts)) {
      try {
        const res = await (await this.client).embeddings.create(
          { model: this.model, input: batch, ...(this.shorten ? { dimensions: this.dimension } : {}) },
          { signal },
        );
        const ordered = [...res.data].sort((a, b) => a.index - b.index);
        if (ordered.length !== batch.length) throw new EmbeddingError(`The embedding server returned ${ordered.length} vectors for ${batch.length} texts`, true);
        for (const item of ordered) {
          if (item.embedding.length !== this.dimension) {
            throw new EmbeddingError(`The embedding model ${this.model} returned ${item.embedding.length} dimensions, expected ${this.dimension}`, false);
          }
          vectors.push(item.embedding);
        }
        promptTokens += res.usage?.prompt_tokens ?? 0;
      } catch (err) {
        throw classify(err, await loadSdk());
      }
    }
    return { vectors, promptTokens, model: this.model };
  }
}

function* batches(texts: string[]): Generator<string[]> {
  let batch: string[] = [];
  let chars = 0;
  for (const text of texts) {
    if (batch.length && (batch.length >= MAX_INPUTS || chars + text.length > MAX_CHARS)) {
      yield batch;
      batch = [];
      chars = 0;
    }
    batch.push(text);
    chars += text.length;
  }
  if (batch.length) yield batch;
}

function classify(err: unknown, { APIConnectionTimeoutError, APIError }: OpenAiSdk): EmbeddingError {
  if (err instanceof EmbeddingError) return err;
  if (err instanceof APIConnectionTimeoutError) return new EmbeddingError('The embedding server timed out', true);
  if (err instanceof APIError) {
    const status = err.status;
    const retryable = err.code !== 'insufficient_quota' && (status === undefined || status === 408 || status === 409 || status === 429 || status >= 500);
    return new EmbeddingError(`Embedding error${status ? ` ${status}` : ''}${err.code ? ` (${err.code})` : ''}: ${err.message}`, retryable);
  }
  return new EmbeddingError(`Embedding server unreachable: ${(err as Error).message}`, true);
}
