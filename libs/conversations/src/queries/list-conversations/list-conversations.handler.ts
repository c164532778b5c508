import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager, QBFilterQuery } from '@mikro-orm/postgresql';
import { Db } from '@confab/persistence';
import { parseIsoDate, ValidationFailed } from '@confab/plugin-sdk';
import { Conversation } from '../../entities/conversation.entity';
import type { ConversationListView } from '../../http/conversation.views';
import { listItem } from '../conversation-mappers';
import { CONVERSATIONS_OPTIONS, type ConversationsOptions } from '../../conversations.options';
import { conversationWhere, DEFAULT_UNANSWERED_AFTER_MS } from './conversation-where';
import { ListConversations, type ConversationFilter } from './list-conversations.query';
import { rankedHits, SEARCH_WINDOW, snippets, type RankedHit } from './message-search';
import { listPreviews } from './list-previews';

export { conversationWhere } from './conversation-where';

/** How long one search may run; see search(). */
const SEARCH_TIMEOUT_MS = 3000;
/** PostgreSQL's SQLSTATE for a statement stopped by statement_timeout. */
const QUERY_CANCELED = '57014';

interface Cursor {
  at: string;
  id: string;
}

function encodeCursor(c: Conversation): string {
  return Buffer.from(JSON.stringify({ at: (c.lastMessageAt ?? c.createdAt).toISOString(), id: c.id })).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(raw: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    // Everything in it reaches SQL, so a forged cursor is held to what this API writes: an ISO instant and a UUID.
    if (typeof parsed?.at !== 'string' || typeof parsed.id !== 'string' || !parseIsoDate(parsed.at) || !UUID.test(parsed.id)) throw new Error();
    return parsed;
  } catch {
    throw new ValidationFailed('cursor is not one this API returned', 'cursor');
  }
}

/**
 * Search results are ranked, not in time order, so their pages are counted: the cursor holds how many came before.
 * A result set that changes between pages can shift by a row, which a ranked list accepts.
 */
function encodeSearchCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeSearchCursor(raw: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { offset?: unknown };
    if (!Number.isSafeInteger(parsed?.offset) || (parsed.offset as number) < 0 || (parsed.offset as number) > SEARCH_WINDOW) throw new Error();
    return parsed.offset as number;
  } catch {
    throw new ValidationFailed('cursor is not one this API returned for this search', 'cursor');
  }
}

/**
 * Newest activity first; keyset pagination on (last message time, id), so pages stay stable while chats move.
 * With `q`, the best match first, each item with the matching message and a snippet.
 */
@QueryHandler(ListConversations)
export class ListConversationsHandler implements IQueryHandler<ListConversations> {
  private readonly unansweredAfterMs: number;

  constructor(
    private readonly db: Db,
    @Inject(CONVERSATIONS_OPTIONS) options: Pick<ConversationsOptions, 'unansweredAfterMs'>,
  ) {
    this.unansweredAfterMs = options.unansweredAfterMs ?? DEFAULT_UNANSWERED_AFTER_MS;
  }

  async execute({ tenantId, filter: requested, limit, cursor }: ListConversations): Promise<ConversationListView> {
    const filter = { ...requested, unansweredAfterMs: this.unansweredAfterMs };
    if (filter.q) return this.search(tenantId, filter as ConversationFilter & { q: string }, limit, cursor);
    const where = conversationWhere(filter) as Record<string, unknown>;
    if (cursor) {
      const { at, id } = decodeCursor(cursor);
      where.$or = [{ lastMessageAt: { $lt: new Date(at) } }, { lastMessageAt: new Date(at), id: { $lt: id } }];
    }
    const rows = await this.db.forTenant(tenantId).find(Conversation, where as FilterQuery<Conversation>, {
      orderBy: [{ lastMessageAt: 'desc' }, { id: 'desc' }],
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const previews = await listPreviews(this.db.forTenant(tenantId) as EntityManager, tenantId, page.map((c) => c.id), this.unansweredAfterMs);
    return { items: page.map((c) => ({ ...listItem(c), ...previews.get(c.id) })), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null };
  }

  /**
   * Only the ranking runs under the time limit, in a transaction of its own for `set local`: a phrase of very
   * common words that never occurs together makes PostgreSQL check every message, and such a search ends with a
   * 400 asking for more words or a date range instead of holding a connection for seconds. What follows reads
   * the page's rows by id (bounded by the page size), outside it and side by side.
   */
  private async search(tenantId: string, filter: ConversationFilter & { q: string }, limit: number, cursor?: string): Promise<ConversationListView> {
    const offset = cursor ? decodeSearchCursor(cursor) : 0;
    const em = this.db.forTenant(tenantId) as EntityManager;
    const filtered = await this.filteredSet(em, filter);
    let hits: RankedHit[];
    try {
      hits = await em.transactional(
        async (tx) => {
          await tx.execute(`set local statement_timeout = ${SEARCH_TIMEOUT_MS}`);
          return rankedHits(tx as EntityManager, tenantId, filter.q, filtered, { limit: limit + 1, offset });
        },
        { readOnly: true },
      );
    } catch (err) {
      if ((err as { code?: string }).code === QUERY_CANCELED) {
        throw new ValidationFailed('q is too broad to search in time: add a word, or narrow it with from/to or another filter', 'q');
      }
      throw err;
    }
    const page = hits.slice(0, limit);
    if (!page.length) return { items: [], nextCursor: null };
    const conversationIds = page.map((h) => h.conversationId);
    // Read only: not kept in an identity map, which would cost more CPU than the rows themselves.
    const [conversations, matches, previews] = await Promise.all([
      em.find(Conversation, { id: { $in: conversationIds } }, { disableIdentityMap: true }),
      snippets(em, tenantId, filter.q, page.map((h) => h.messageId)),
      listPreviews(em, tenantId, conversationIds, this.unansweredAfterMs),
    ]);
    const byId = new Map(conversations.map((c) => [c.id, c]));
    const items = page.flatMap((hit) => {
      const conversation = byId.get(hit.conversationId);
      const match = matches.get(hit.messageId);
      return conversation && match ? [{ ...listItem(conversation), ...previews.get(conversation.id), match }] : [];
    });
    return { items, nextCursor: hits.length > limit ? encodeSearchCursor(offset + limit) : null };
  }

  /**
   * The list's other filters, rendered by the ORM with the tenant filter applied, as the set the hits are joined
   * to; null when there are none (the tenant's wall alone, which rankedHits keeps itself).
   */
  private async filteredSet(em: EntityManager, filter: ConversationFilter): Promise<{ sql: string; params: readonly unknown[] } | null> {
    const { q: _q, ...rest } = filter;
    const where = conversationWhere(rest) as object;
    if (!Reflect.ownKeys(where).length) return null;
    const qb = em.createQueryBuilder(Conversation, 'c').select(['id', 'lastMessageAt']).where(where as QBFilterQuery<Conversation>);
    await qb.applyFilters();
    return qb.toQuery();
  }
}
