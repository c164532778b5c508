import { Embedder } from './embedder.port';

/**
 * The embedding models this installation can use. New knowledge bases take the default; a knowledge base built
 * with another model keeps using it as long as that model is still available.
 */
export class EmbedderRegistry {
  private readonly byModel: Map<string, Embedder>;

  constructor(
    readonly defaultEmbedder: Embedder,
    others: Embedder[] = [],
  ) {
    this.byModel = new Map([defaultEmbedder, ...others].map((e) => [e.model, e]));
  }

  get models(): string[] {
    return [...this.byModel.keys()];
  }

  find(model: string): Embedder | undefined {
    return this.byModel.get(model);
  }

  get(model: string): Embedder {
    const embedder = this.byModel.get(model);
    if (!embedder) throw new Error(`The embedding model ${model} is not configured on this installation (available: ${this.models.join(', ')})`);
    return embedder;
  }
}
