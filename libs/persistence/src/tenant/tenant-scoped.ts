import { Filter } from '@mikro-orm/decorators/legacy';

export const TENANT_FILTER = 'tenant';

/**
 * Every tenant-owned entity carries this filter. It is on by default and needs its argument, so a query made
 * without a tenant context fails loudly instead of reading across tenants.
 */
export function TenantScoped(): ClassDecorator {
  return Filter({ name: TENANT_FILTER, cond: (args) => ({ tenantId: args.tenantId }), default: true, args: true }) as ClassDecorator;
}
