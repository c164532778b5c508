import { Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { NotFound } from '@confab/plugin-sdk';
import { DEFAULT_TIMEZONE, Tenant } from '../entities/tenant.entity';
import { ApiKeyService, type IssuedApiKey } from '../api-keys/api-key.service';

export interface TenantChanges {
  name?: string;
  timezone?: string;
}

@Injectable()
export class TenantService {
  constructor(
    private readonly db: Db,
    private readonly keys: ApiKeyService,
  ) {}

  /** Creates a tenant with a first admin key, which is returned once. */
  async create(name: string, timezone = DEFAULT_TIMEZONE): Promise<{ tenant: Tenant; key: IssuedApiKey }> {
    const em = this.db.platform();
    const tenant = Object.assign(new Tenant(), { name, timezone });
    await em.persist(tenant).flush();
    const key = await this.keys.issue(tenant.id, 'Initial admin key', ['admin']);
    return { tenant, key };
  }

  async list(): Promise<Tenant[]> {
    return this.db.platform().find(Tenant, {}, { orderBy: { createdAt: 'asc' } });
  }

  async get(id: string): Promise<Tenant> {
    const tenant = await this.db.platform().findOne(Tenant, { id });
    if (!tenant) throw new NotFound('tenant', id);
    return tenant;
  }

  /**
   * A new timezone applies to events projected from now on; days already rolled up keep the old zone until the
   * metrics are rebuilt (POST /api/v1/admin/metrics/rebuild?tenantId=...).
   */
  async update(id: string, changes: TenantChanges): Promise<Tenant> {
    const em = this.db.platform();
    const tenant = await em.findOne(Tenant, { id });
    if (!tenant) throw new NotFound('tenant', id);
    if (changes.name !== undefined) tenant.name = changes.name;
    if (changes.timezone !== undefined) tenant.timezone = changes.timezone;
    await em.flush();
    return tenant;
  }
}
