import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { IngestionQueue } from './ingestion-queue';

const EVERY_MS = 60_000;

/**
 * Safety net for a job lost between a committed document and its enqueue (Redis down for a moment, a crash):
 * documents left queued or processing for several minutes get their job again, unless that version's job is
 * still waiting or running.
 */
@Injectable()
export class IngestionSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('KnowledgeIngestion');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly queue: IngestionQueue,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep().catch((err) => this.logger.warn({ msg: 'Ingestion sweep failed', error: (err as Error).message })), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(olderThanMs = 5 * 60_000): Promise<number> {
    const rows: Array<{ id: string; tenant_id: string; attempts: number; source: string }> = await this.db
      .platform()
      .getConnection()
      .execute(
        `select id, tenant_id, attempts, source from knowledge_documents
          where status in ('queued', 'processing') and updated_at < now() - (? * interval '1 millisecond') limit 200`,
        [olderThanMs],
      );
    let requeued = 0;
    for (const row of rows) if (await this.queue.ensureQueued(row.tenant_id, row.id, row.attempts, { refetch: row.source === 'url' })) requeued += 1;
    if (requeued) this.logger.log({ msg: 'Re-queued documents that had no ingestion job', count: requeued });
    return requeued;
  }
}
