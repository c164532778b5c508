import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Db } from '@confab/persistence';
import { Conflict, NotFound } from '@confab/plugin-sdk';
import { Customer, CustomerIdentityRecord } from '../entities/customer.entity';
import { Conversation } from '../entities/conversation.entity';
import type { CustomerIdentityView, CustomerSummaryView, CustomerView, LinkedIdentityView } from './customers.dto';

const CONVERSATION_LIMIT = 200;

const identityView = (i: CustomerIdentityRecord): CustomerIdentityView => ({ id: i.id, kind: i.kind, value: i.value, createdAt: i.createdAt });

/**
 * One person across channels: the identities channels know them by (a WhatsApp number, a widget user, an API id)
 * hang off one customer, and every conversation of theirs is listed under it. Linking moves an identity only when
 * asked to (`merge`), together with the conversations written from it, so no timeline changes owner by accident.
 */
@Injectable()
export class CustomerService {
  constructor(private readonly db: Db) {}

  async get(tenantId: string, id: string): Promise<CustomerView> {
    const em = this.db.forTenant(tenantId);
    const customer = await this.require(em, id);
    const [identities, conversations] = await Promise.all([
      em.find(CustomerIdentityRecord, { customerId: id }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
      em.find(Conversation, { customerId: id }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: CONVERSATION_LIMIT }),
    ]);
    return {
      id: customer.id,
      displayName: customer.displayName ?? null,
      createdAt: customer.createdAt,
      identities: identities.map(identityView),
      conversations: conversations.map((c) => ({
        id: c.id, channel: c.channel, connectionId: c.connectionId, assistantId: c.assistantId, customerIdentifier: c.customerIdentifier ?? null,
        status: c.status, owner: c.owner, messageCount: c.messageCount, lastMessageAt: c.lastMessageAt ?? null, createdAt: c.createdAt,
      })),
    };
  }

  async find(tenantId: string, identifier: string, kind?: string): Promise<CustomerSummaryView[]> {
    const em = this.db.forTenant(tenantId);
    const matches = await em.find(CustomerIdentityRecord, { value: identifier, ...(kind ? { kind } : {}) }, { limit: 50 });
    const ids = [...new Set(matches.map((m) => m.customerId))];
    if (!ids.length) return [];
    const [customers, identities] = await Promise.all([
      em.find(Customer, { id: { $in: ids } }, { orderBy: { createdAt: 'asc' } }),
      em.find(CustomerIdentityRecord, { customerId: { $in: ids } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
    ]);
    return customers.map((c) => ({ id: c.id, displayName: c.displayName ?? null, createdAt: c.createdAt, identities: identities.filter((i) => i.customerId === c.id).map(identityView) }));
  }

  async link(tenantId: string, customerId: string, input: { kind: string; value: string; merge?: boolean }): Promise<{ created: boolean; view: LinkedIdentityView }> {
    return this.db.transaction(tenantId, async (em) => {
      await this.require(em, customerId);
      // Locked so a message arriving from this identity meanwhile cannot land under the old owner after the move.
      const existing = await em.findOne(CustomerIdentityRecord, { kind: input.kind, value: input.value }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (existing?.customerId === customerId) return { created: false, view: { identity: identityView(existing), movedConversations: 0, movedFrom: null } };
      if (existing && !input.merge) {
        throw new Conflict('IDENTITY_LINKED_ELSEWHERE', `${input.kind} ${input.value} belongs to customer ${existing.customerId}; send merge: true to move it (and its conversations) here`, { customerId: existing.customerId });
      }
      if (existing) {
        const from = existing.customerId;
        existing.customerId = customerId;
        const moved = await em.nativeUpdate(Conversation, { customerId: from, customerIdentifier: input.value }, { customerId });
        return { created: true, view: { identity: identityView(existing), movedConversations: moved, movedFrom: from } };
      }
      const created = Object.assign(new CustomerIdentityRecord(), { tenantId, customerId, kind: input.kind, value: input.value });
      em.persist(created);
      return { created: true, view: { identity: identityView(created), movedConversations: 0, movedFrom: null } };
    });
  }

  async unlink(tenantId: string, customerId: string, identityId: string): Promise<void> {
    await this.db.transaction(tenantId, async (em) => {
      await this.require(em, customerId);
      const identity = await em.findOne(CustomerIdentityRecord, { id: identityId, customerId });
      if (!identity) throw new NotFound('identity', identityId);
      em.remove(identity);
    });
  }

  private async require(em: EntityManager, id: string): Promise<Customer> {
    const customer = await em.findOne(Customer, { id });
    if (!customer) throw new NotFound('customer', id);
    return customer;
  }
}
