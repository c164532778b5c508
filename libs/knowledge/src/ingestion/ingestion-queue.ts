import { Inject, Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Queue } from 'bull';
import { INGEST_QUEUE, KNOWLEDGE_OPTIONS, type KnowledgeOptions } from '../knowledge.options';

export interface IngestJob {
  tenantId: string;
  documentId: string;
  /** Fetch a URL document again instead of re-using the stored copy. */
  refetch?: boolean;
  /** Re-index even when the content did not change (a new model or chunking). */
  force?: boolean;
}

/** One job per document version: the id carries the version, so a double submit adds nothing. */
@Injectable()
export class IngestionQueue {
  constructor(
    @InjectQueue(INGEST_QUEUE) private readonly queue: Queue<IngestJob>,
    @Inject(KNOWLEDGE_OPTIONS) private readonly options: KnowledgeOptions,
  ) {}

  async enqueue(tenantId: string, documentId: string, version: number, flags: { refetch?: boolean; force?: boolean } = {}, jobId = `ingest:${documentId}:${version}`): Promise<void> {
    await this.queue.add(
      { tenantId, documentId, ...flags },
      {
        jobId,
        attempts: this.options.ingestion.attempts,
        backoff: { type: 'exponential', delay: this.options.ingestion.backoffMs },
        removeOnComplete: true,
        removeOnFail: 1000,
      },
    );
  }

  /**
   * For the sweeper: adds a job unless this version's job is still waiting, delayed or running. A job that
   * failed or vanished gets a fresh id, because Bull ignores an add whose id is still in its failed set.
   */
  async ensureQueued(tenantId: string, documentId: string, version: number, flags: { refetch?: boolean } = {}): Promise<boolean> {
    const existing = await this.queue.getJob(`ingest:${documentId}:${version}`);
    const state = existing ? await existing.getState() : null;
    if (state === 'waiting' || state === 'delayed' || state === 'active' || state === 'paused') return false;
    await this.enqueue(tenantId, documentId, version, flags, `ingest:${documentId}:${version}:sweep-${Date.now()}`);
    return true;
  }
}
