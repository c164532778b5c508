import { Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { UsageRecord } from '@confab/assistants';
import type { QueryEmbeddingUsage } from './retrieved-chunk';

/** Operators' searches embed their query too; the tokens are billed like any other embedding. */
@Injectable()
export class SearchLedger {
  constructor(private readonly db: Db) {}

  async record(tenantId: string, knowledgeBaseId: string, usage: QueryEmbeddingUsage[]): Promise<void> {
    const billable = usage.filter((u) => u.promptTokens > 0);
    if (!billable.length) return;
    await this.db.transaction(tenantId, async (em) => {
      for (const u of billable) {
        em.persist(Object.assign(new UsageRecord(), {
          tenantId, kind: 'embedding' as const, knowledgeBaseId, model: u.model, promptTokens: u.promptTokens,
          costMicros: u.costMicros, currency: u.currency, priceRef: u.priceRef,
        }));
      }
    });
  }
}
