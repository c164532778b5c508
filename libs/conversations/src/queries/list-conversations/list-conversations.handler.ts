import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { FilterQuery } from '@mikro-orm/core';
import { Db } from '@confab/persistence';
import { parseIsoDate, ValidationFailed } from '@confab/plugin-sdk';
import { Conversation } from '../../entities/conversation.entity';
import type { ConversationListView } from '../../http/conversation.views';
import { listItem } from '../conversation-mappers';
import { ListConversations, type ConversationFilter } from './list-conversations.query';

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

export function conversationWhere(filter: ConversationFilter): FilterQuery<Conversation> {
  const where: FilterQuery<Conversation> & Record<string, unknown> = {};
  if (filter.channel) where.channel = filter.channel;
  if (filter.assistantId) where.assistantId = filter.assistantId;
  if (filter.status) where.status = filter.status;
  if (filter.owner) where.owner = filter.owner;
  if (filter.customer) where.customerIdentifier = filter.customer;
  if (filter.tag) where.tags = { $contains: [filter.tag] };
  if (filter.failedDelivery !== undefined) where.failedDeliveries = filter.failedDelivery ? { $gt: 0 } : 0;
  if (filter.from || filter.to) where.createdAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  return where;
}

/** Newest activity first; keyset pagination on (last message time, id), so pages stay stable while chats move. */
@QueryHandler(ListConversations)
export class ListConversationsHandler implements IQueryHandler<ListConversations> {
  constructor(private readonly db: Db) {}

  async execute({ tenantId, filter, limit, cursor }: ListConversations): Promise<ConversationListView> {
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
    return { items: page.map(listItem), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null };
  }
}
