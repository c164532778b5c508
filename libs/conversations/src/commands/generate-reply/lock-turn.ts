import type { EntityManager } from '@mikro-orm/postgresql';
import { Message } from '../../entities/message.entity';

export interface LockedTurn {
  /** The turn's messages still pending, locked, by id. */
  fresh: Message[];
  /** Customer messages of the conversation pending outside the turn (they came while it was generated). */
  newerPending: number;
}

/**
 * The claim that makes a reply happen once per customer message: the turn's messages are locked and only those
 * still 'pending' count (PostgreSQL re-reads them after waiting on a lock, so a racing job that answered them first
 * leaves nothing). The same statement counts the conversation's other pending messages, which says whether the
 * customer wrote again meanwhile (burst-continues.ts) and whether another turn is needed after this one.
 */
export async function lockTurn(tx: EntityManager, tenantId: string, conversationId: string, turnIds: string[]): Promise<LockedTurn> {
  const ids = `{${turnIds.join(',')}}`;
  const rows = await tx.execute<Array<Record<string, unknown> & { newer_pending: string }>>(
    `select m.*, (select count(*) from messages n
                  where n.tenant_id = ? and n.conversation_id = ? and n.reply_state = 'pending' and n.id <> all(?::uuid[])) as newer_pending
     from messages m where m.tenant_id = ? and m.id = any(?::uuid[]) and m.reply_state = 'pending'
     order by m.id for update of m`,
    [tenantId, conversationId, ids, tenantId, ids],
  );
  return {
    fresh: rows.map(({ newer_pending: _, ...row }) => tx.map(Message, row)),
    newerPending: rows.length ? Number(rows[0].newer_pending) : 0,
  };
}
