import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EmbedderRegistry } from '../embeddings/embedder-registry';
import { collectionFor, VectorStore } from './vector-store.port';

/**
 * Creates the default model's collection and indexes at start (remote stores), so a misconfigured QDRANT_URL shows
 * in the log right away; a store that is down does not stop the start (it is retried on first use).
 */
@Injectable()
export class VectorStoreBootstrap implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Knowledge');

  constructor(
    private readonly store: VectorStore,
    private readonly embedders: EmbedderRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The embedded store is a local directory, nothing to misconfigure: it opens (and its engine loads) on first use.
    // Knowledge bases create their collection when they are made, so searches find it.
    if (this.store.kind === 'embedded') return;
    const { model, dimension } = this.embedders.defaultEmbedder;
    try {
      await this.store.ensureCollection(collectionFor(model, dimension));
    } catch (err) {
      this.logger.warn({ msg: 'The vector store is not reachable yet; knowledge search and indexing will retry', store: this.store.kind, error: (err as Error).message });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
