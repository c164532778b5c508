import type { EntityManager } from '@mikro-orm/postgresql';
import type { CustomerIdentity } from '@confab/plugin-sdk';
import { Customer, CustomerIdentityRecord } from '../../entities/customer.entity';

/**
 * Finds the customer behind any of the identities a message carries and links the ones not seen before
 * (a WhatsApp number and its business-scoped id become one customer).
 */
export async function resolveCustomer(
  em: EntityManager,
  tenantId: string,
  identities: CustomerIdentity[],
  displayName: string | undefined,
): Promise<Customer> {
  const known = identities.length
    ? await em.find(CustomerIdentityRecord, { $or: identities.map(({ kind, value }) => ({ kind, value })) })
    : [];
  let customer = known.length ? await em.findOne(Customer, { id: known[0].customerId }) : null;
  if (!customer) {
    customer = Object.assign(new Customer(), { tenantId, displayName: displayName ?? null });
    // Rows reference each other by plain ids (no ORM relations), so parents are flushed before children.
    await em.persist(customer).flush();
  } else if (displayName && customer.displayName !== displayName) {
    customer.displayName = displayName;
  }
  for (const identity of identities) {
    if (known.some((k) => k.kind === identity.kind && k.value === identity.value)) continue;
    em.persist(Object.assign(new CustomerIdentityRecord(), { tenantId, customerId: customer.id, kind: identity.kind, value: identity.value }));
  }
  await em.flush();
  return customer;
}
