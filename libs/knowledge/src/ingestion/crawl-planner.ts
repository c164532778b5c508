import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { KnowledgeDocument } from '../entities/knowledge-document.entity';
import { KNOWLEDGE_OPTIONS, type KnowledgeOptions } from '../knowledge.options';
import { sameSiteLinks } from './crawl-links';
import { IngestionQueue } from './ingestion-queue';

/**
 * Turns a page's same-site links into documents of their own, one level less deep, until the crawl of the URL the
 * operator added holds KNOWLEDGE_CRAWL_MAX_PAGES pages. Every crawled page points at that root document, and a
 * URL already in the knowledge base is not added twice.
 */
@Injectable()
export class CrawlPlanner {
  constructor(
    private readonly db: Db,
    private readonly queue: IngestionQueue,
    @Inject(KNOWLEDGE_OPTIONS) private readonly options: KnowledgeOptions,
  ) {}

  async follow(tenantId: string, page: KnowledgeDocument, links: readonly string[]): Promise<number> {
    const candidates = sameSiteLinks(page.url!, links);
    if (!candidates.length) return 0;
    const rootId = page.parentDocumentId ?? page.id;
    const added = await this.db.transaction(tenantId, async (em) => {
      // Serialise crawls of one root so two pages finishing together cannot both take the last free places.
      await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`crawl:${rootId}`]);
      const crawled = await em.count(KnowledgeDocument, { parentDocumentId: rootId });
      let room = this.options.fetch.maxCrawlPages - 1 - crawled;
      if (room <= 0) return [];
      const known = new Set((await em.find(KnowledgeDocument, { knowledgeBaseId: page.knowledgeBaseId, url: { $in: candidates } }, { fields: ['url'] })).map((d) => d.url));
      const docs: KnowledgeDocument[] = [];
      for (const url of candidates) {
        if (room <= 0) break;
        if (known.has(url)) continue;
        docs.push(Object.assign(new KnowledgeDocument(), {
          tenantId, knowledgeBaseId: page.knowledgeBaseId, title: url, source: 'url', url, crawlDepth: page.crawlDepth - 1, parentDocumentId: rootId, attempts: 1,
        }));
        room -= 1;
      }
      docs.forEach((d) => em.persist(d));
      return docs;
    });
    for (const doc of added) await this.queue.enqueue(tenantId, doc.id, doc.attempts, { refetch: true });
    return added.length;
  }
}
