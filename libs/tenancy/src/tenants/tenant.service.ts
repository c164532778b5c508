import { Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { Tenant } from '../entities/tenant.entity';
import { ApiKeyService, type IssuedApiKey } from '../api-keys/api-key.service';

@Injectable()
export class TenantService {
  constructor(
    private readonly db: Db,
    private readonly keys: ApiKeyService,
  ) {}

  /** Creates a tenant with a first admin key, which is returned once. */
  async create(name: string): Promise<{ tenant: Tenant; key: IssuedApiKey }> {
    const em = this.db.platform();
    const tenant = Object.assign(new Tenant(), { name });
    await em.persist(tenant).flush();
    const key = await this.keys.issue(tenant.id, 'Initial admin key', ['admin']);
    return { tenant, key };
  }

  async list(): Promise<Tenant[]> {
    return this.db.platform().find(Tenant, {}, { orderBy: { createdAt: 'asc' } });
  }
}
