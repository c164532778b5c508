import { type DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bull';
import { EmbeddedEmbedder } from './embeddings/embedded-embedder';
import { EmbedderRegistry } from './embeddings/embedder-registry';
import { OpenAiEmbedder } from './embeddings/openai-embedder';
import { DocumentService } from './documents/document.service';
import { CrawlPlanner } from './ingestion/crawl-planner';
import { DocumentIndexer } from './ingestion/document-indexer';
import { IngestDocumentProcessor } from './ingestion/ingest-document.processor';
import { IngestionQueue } from './ingestion/ingestion-queue';
import { IngestionSweeper } from './ingestion/ingestion-sweeper';
import { KnowledgeBaseService } from './knowledge-bases/knowledge-base.service';
import { DocumentsController } from './http/documents.controller';
import { KnowledgeBasesController } from './http/knowledge-bases.controller';
import { KnowledgeGapsController } from './http/knowledge-gaps.controller';
import { UploadInterceptor } from './http/upload.interceptor';
import { INGEST_QUEUE, KNOWLEDGE_OPTIONS, type KnowledgeOptions } from './knowledge.options';
import { RetrievalService } from './retrieval/retrieval.service';
import { SearchLedger } from './retrieval/search-ledger';
import { KnowledgeGapsService } from './unanswered/knowledge-gaps.service';
import { LanceDbVectorStore } from './vector-store/lancedb-vector-store';
import { VectorStore } from './vector-store/vector-store.port';
import { VectorStoreBootstrap } from './vector-store/vector-store.bootstrap';

async function vectorStore(options: KnowledgeOptions): Promise<VectorStore> {
  const logger = new Logger('Knowledge');
  if (options.vectorStore.kind === 'qdrant') {
    logger.log({ msg: 'Vector store: Qdrant', url: options.vectorStore.url });
    // Qdrant's client (and the undici it brings) loads only when Qdrant is configured: a few MB in every process.
    const { QdrantVectorStore } = await import('./vector-store/qdrant-vector-store');
    return new QdrantVectorStore({ url: options.vectorStore.url, apiKey: options.vectorStore.apiKey });
  }
  logger.log({ msg: 'Vector store: embedded LanceDB on disk; set QDRANT_URL (and QDRANT_API_KEY) to use Qdrant', directory: options.vectorStore.directory });
  return new LanceDbVectorStore({ directory: options.vectorStore.directory });
}

function embedders(options: KnowledgeOptions): EmbedderRegistry {
  const embedded = new EmbeddedEmbedder();
  if (!options.openaiEmbeddings) {
    new Logger('Knowledge').log({ msg: 'Embeddings: the built-in sentence encoder (English, 512 dimensions); set OPENAI_API_KEY (or EMBEDDINGS_BASE_URL) for OpenAI-compatible embeddings' });
    return new EmbedderRegistry(embedded);
  }
  // The embedded model stays available, so knowledge bases built with it keep working after a key is added.
  return new EmbedderRegistry(new OpenAiEmbedder(options.openaiEmbeddings), [embedded]);
}

/** Knowledge bases: ingestion jobs, the vector store, retrieval for chats and the unanswered-questions list. */
@Global()
@Module({})
export class KnowledgeModule {
  static forRoot(options: KnowledgeOptions): DynamicModule {
    return {
      module: KnowledgeModule,
      imports: [BullModule.registerQueue({ name: INGEST_QUEUE })],
      controllers: [KnowledgeBasesController, DocumentsController, KnowledgeGapsController],
      providers: [
        { provide: KNOWLEDGE_OPTIONS, useValue: options },
        { provide: VectorStore, useFactory: () => vectorStore(options) },
        { provide: EmbedderRegistry, useFactory: () => embedders(options) },
        IngestionQueue,
        KnowledgeBaseService,
        DocumentService,
        CrawlPlanner,
        DocumentIndexer,
        RetrievalService,
        SearchLedger,
        KnowledgeGapsService,
        UploadInterceptor,
        VectorStoreBootstrap,
        ...(options.worker ? [IngestDocumentProcessor, IngestionSweeper] : []),
      ],
      exports: [RetrievalService, KnowledgeGapsService, EmbedderRegistry, VectorStore],
    };
  }
}
