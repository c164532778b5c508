import type { Db } from '@confab/persistence';
import type { Connection, CustomerIdentity, InboundMessage } from '@confab/plugin-sdk';
import type { ConversationOwner, ConversationStatus } from '../../entities/conversation.entity';

/** What the database already knows about an inbound message, read in one statement. */
export interface InboundContext {
  /** The message was stored before: same connection and provider message id, or same delivery id. */
  duplicate: { id: string; conversationId: string } | null;
  /** The customer of the first of the message's identities that is known (or of the aimed conversation). */
  customer: { id: string; displayName: string | null } | null;
  /** The message's identities that are linked to a customer already. */
  known: CustomerIdentity[];
  /** The aimed conversation, or the customer's open one on this connection. */
  conversation: { id: string; owner: ConversationOwner; status: ConversationStatus; assistantId: string } | null;
}

/**
 * Dedupe check, customer lookup by identity and the conversation the message belongs to, in one round trip. Native
 * SQL because this runs for every inbound message; each table is filtered by the tenant explicitly (the ORM's
 * tenant filter does not apply here). Nothing is locked: the write that follows is one statement that adds to the
 * conversation's counters rather than overwriting them (store-inbound-message.ts).
 */
export async function findInboundContext(db: Pick<Db, 'query'>, connection: Connection<any>, message: InboundMessage): Promise<InboundContext> {
  const tenantId = connection.tenantId;
  const identities = message.customer.identities;
  const wanted = JSON.stringify(identities.map(({ kind, value }, ord) => ({ kind, value, ord })));
  // Identities name the customer; without any, a message aimed at a conversation belongs to its customer.
  const aimed = message.conversationId !== undefined;
  const conversationSql = aimed
    ? `select v.id, v.customer_id, v.owner, v.status, v.assistant_id from conversations v
       where v.tenant_id = ? and v.id = ? and v.connection_id = ?`
    : `select v.id, v.customer_id, v.owner, v.status, v.assistant_id from conversations v
       where v.tenant_id = ? and v.connection_id = ? and v.customer_id = (select id from customer) and v.status = 'open'
       order by v.created_at desc limit 1`;
  const conversationParams = aimed ? [tenantId, message.conversationId, connection.id] : [tenantId, connection.id];
  const customerOf = aimed && !identities.length ? '(select customer_id from conversation)' : '(select customer_id from known order by ord limit 1)';
  const ctes = [
    `wanted as (select * from jsonb_to_recordset(?::jsonb) as x(kind text, value text, ord int))`,
    // One index probe per identity: a join lets the planner hash the tenant's every identity (its estimate for the
    // recordset is 100 rows), which costs a scan that grows with the customers.
    `known as (select w.kind, w.value, w.ord, i.customer_id from wanted w
       cross join lateral (select i.customer_id from customer_identities i
                            where i.tenant_id = ? and i.kind = w.kind and i.value = w.value limit 1) i)`,
  ];
  const params: unknown[] = [wanted, tenantId];
  // The aimed conversation decides the customer; the customer decides the open conversation.
  const customerCte = `customer as (select c.id, c.display_name from customers c where c.tenant_id = ? and c.id = ${customerOf})`;
  const conversationCte = `conversation as (${conversationSql})`;
  if (aimed) {
    ctes.push(conversationCte, customerCte);
    params.push(...conversationParams, tenantId);
  } else {
    ctes.push(customerCte, conversationCte);
    params.push(tenantId, ...conversationParams);
  }
  const [row] = await db.query<{ duplicate: InboundContext['duplicate']; known: CustomerIdentity[]; customer: { id: string; display_name: string | null } | null; conversation: InboundContext['conversation'] }>(
    `with ${ctes.join(',\n')}
     select
       (select jsonb_build_object('id', m.id, 'conversationId', m.conversation_id) from messages m
        where m.tenant_id = ? and m.connection_id = ? and m.direction = 'inbound' and (m.provider_message_id = ? or m.delivery_id = ?)
        order by m.created_at limit 1) as duplicate,
       (select coalesce(jsonb_agg(jsonb_build_object('kind', kind, 'value', value)), '[]'::jsonb) from known) as known,
       (select jsonb_build_object('id', id, 'displayName', display_name) from customer) as customer,
       (select jsonb_build_object('id', id, 'owner', owner, 'status', status, 'assistantId', assistant_id) from conversation) as conversation`,
    // Without a delivery id the reference is the only key; null never equals, so that arm then matches nothing.
    [...params, tenantId, connection.id, message.providerMessageId, message.deliveryId ?? null],
  );
  const customer = row.customer as unknown as { id: string; displayName: string | null } | null;
  return { duplicate: row.duplicate, known: row.known, customer, conversation: row.conversation };
}
