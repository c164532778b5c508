import { Logger } from '@nestjs/common';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { INGEST_QUEUE } from '../knowledge.options';
import { DocumentIndexer } from './document-indexer';
import type { IngestJob } from './ingestion-queue';
import { isRetryable } from './ingestion-errors';

/** Runs ingestion jobs; a failure is recorded on the document, final or with a retry to come. */
@Processor(INGEST_QUEUE)
export class IngestDocumentProcessor {
  private readonly logger = new Logger('KnowledgeIngestion');

  constructor(private readonly indexer: DocumentIndexer) {}

  // Embedding is CPU-bound with the embedded model and I/O-bound with a server; two at a time suits both on 2 cores.
  @Process({ concurrency: 2 })
  async handle(job: Job<IngestJob>): Promise<string> {
    const { tenantId, documentId, refetch, force } = job.data;
    try {
      return await this.indexer.index(tenantId, documentId, { refetch, force });
    } catch (err) {
      const retryable = isRetryable(err);
      const final = !retryable || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const reason = (err as Error).message;
      await this.indexer.fail(tenantId, documentId, reason, final);
      this.logger.warn({ msg: final ? 'Document failed to index' : 'Indexing attempt failed; will retry', tenantId, documentId, reason });
      if (final) {
        // Nothing more to do: a failed job would only be retried by Bull to the same end.
        if (!retryable) job.discard();
      }
      throw err;
    }
  }
}
