import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { Db } from '@confab/persistence';
import { NotFound, ValidationFailed } from '@confab/plugin-sdk';
import { KnowledgeGap, KnowledgeGapExample, type GapReason, type GapStatus } from '../entities/knowledge-gap.entity';
import { KnowledgeDocument } from '../entities/knowledge-document.entity';
import { isQuestionWorthListing, matchGap, normalizeQuestion } from './gap-grouping';

export interface UnansweredQuestion {
  tenantId: string;
  assistantId: string;
  conversationId?: string | null;
  messageId?: string | null;
  question: string;
  reason: GapReason;
  topScore: number | null;
  /** The question's embedding when retrieval computed one, for grouping paraphrases. */
  embedding?: { model: string; vector: number[] } | null;
}

export interface GapFilter {
  assistantId?: string;
  status?: GapStatus;
  limit?: number;
}

const OPEN_GAPS_COMPARED = 500;

@Injectable()
export class KnowledgeGapsService {
  constructor(private readonly db: Db) {}

  /** Adds the question to the open entry it repeats, or opens a new one; runs in the reply's transaction. */
  async record(em: EntityManager, q: UnansweredQuestion): Promise<KnowledgeGap | null> {
    const normalized = normalizeQuestion(q.question);
    if (!isQuestionWorthListing(normalized)) return null;
    // One assistant's questions are grouped one at a time, so two replies at once cannot open twin entries.
    await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`knowledge-gaps:${q.assistantId}`]);
    const open = await em.find(KnowledgeGap, { assistantId: q.assistantId, status: 'open' }, { orderBy: { lastAskedAt: 'desc' }, limit: OPEN_GAPS_COMPARED });
    const matchId = matchGap({ normalized, embedding: q.embedding?.vector ?? null, model: q.embedding?.model ?? null }, open);
    const now = new Date();
    let gap = matchId ? await em.findOneOrFail(KnowledgeGap, { id: matchId }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
    if (!gap) {
      gap = Object.assign(new KnowledgeGap(), {
        tenantId: q.tenantId, assistantId: q.assistantId, question: q.question.slice(0, 1000), normalized,
        embedding: q.embedding?.vector ?? null, embeddingModel: q.embedding?.model ?? null, firstAskedAt: now,
      });
      em.persist(gap);
      await em.flush(); // the example row references it, and the unit of work knows no relation between them
    }
    gap.count += 1;
    gap.lastAskedAt = now;
    em.persist(Object.assign(new KnowledgeGapExample(), {
      tenantId: q.tenantId, gapId: gap.id, conversationId: q.conversationId ?? null, messageId: q.messageId ?? null,
      question: q.question.slice(0, 1000), reason: q.reason, topScore: q.topScore, askedAt: now,
    }));
    return gap;
  }

  async list(tenantId: string, filter: GapFilter, options: { requireAssistant?: boolean } = {}): Promise<Array<{ gap: KnowledgeGap; examples: KnowledgeGapExample[] }>> {
    const em = this.db.forTenant(tenantId);
    if (options.requireAssistant && filter.assistantId) {
      // Assistants live in another lib; a plain query keeps this one free of a dependency on it.
      const rows: unknown[] = await em.getConnection().execute('select 1 from assistants where tenant_id = ? and id = ? and deleted_at is null', [tenantId, filter.assistantId]);
      if (!rows.length) throw new NotFound('assistant', filter.assistantId);
    }
    const gaps = await em.find(
      KnowledgeGap,
      { ...(filter.assistantId ? { assistantId: filter.assistantId } : {}), status: filter.status ?? 'open' },
      { orderBy: { count: 'desc', lastAskedAt: 'desc' }, limit: filter.limit ?? 50 },
    );
    const examples = gaps.length ? await em.find(KnowledgeGapExample, { gapId: { $in: gaps.map((g) => g.id) } }, { orderBy: { askedAt: 'desc' } }) : [];
    return gaps.map((gap) => ({ gap, examples: examples.filter((e) => e.gapId === gap.id).slice(0, 5) }));
  }

  /** Marks an entry resolved (optionally by the document that now answers it) or dismissed, or opens it again. */
  async update(tenantId: string, id: string, change: { status: GapStatus; documentId?: string | null; note?: string | null }): Promise<KnowledgeGap> {
    return this.db.transaction(tenantId, async (em) => {
      const gap = await em.findOne(KnowledgeGap, { id });
      if (!gap) throw new NotFound('knowledge gap', id);
      if (change.documentId && !(await em.count(KnowledgeDocument, { id: change.documentId }))) {
        throw new ValidationFailed(`No document ${change.documentId} in this tenant`, 'documentId');
      }
      if (change.documentId && change.status !== 'resolved') throw new ValidationFailed('documentId is only set when status is resolved', 'documentId');
      Object.assign(gap, {
        status: change.status,
        resolvedByDocumentId: change.status === 'resolved' ? change.documentId ?? gap.resolvedByDocumentId ?? null : null,
        resolvedAt: change.status === 'open' ? null : new Date(),
        ...(change.note !== undefined ? { note: change.note } : {}),
      });
      return gap;
    });
  }
}
