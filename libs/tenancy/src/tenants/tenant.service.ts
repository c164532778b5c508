import { Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { NotFound } from '@confab/plugin-sdk';
import { DEFAULT_TIMEZONE, Tenant } from '../entities/tenant.entity';
import type { TenantRateLimits } from '../entities/tenant-rate-limits';
import { ApiKeyService, type IssuedApiKey } from '../api-keys/api-key.service';

/** Rate limits are read on every request: a change reaches other API processes within this time. */
const SETTINGS_TTL_MS = 30_000;

export interface TenantChanges {
  name?: string;
  timezone?: string;
  /** `null` returns the tenant to the installation's defaults; given fields replace the stored ones. */
  rateLimits?: TenantRateLimits | null;
}

@Injectable()
export class TenantService {
  private readonly limitsCache = new Map<string, { value: TenantRateLimits | null; until: number }>();

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
    if (changes.rateLimits === null) tenant.rateLimits = null;
    else if (changes.rateLimits) {
      const given = Object.entries(changes.rateLimits).filter(([, v]) => typeof v === 'number');
      tenant.rateLimits = { ...tenant.rateLimits, ...Object.fromEntries(given) };
    }
    await em.flush();
    this.limitsCache.delete(id);
    return tenant;
  }

  /** The tenant's own limits (null: defaults), cached briefly so requests do not read the database. */
  async rateLimits(id: string): Promise<TenantRateLimits | null> {
    const cached = this.limitsCache.get(id);
    if (cached && cached.until > Date.now()) return cached.value;
    const tenant = await this.db.platform().findOne(Tenant, { id }, { fields: ['rateLimits'] });
    const value = tenant?.rateLimits ?? null;
    if (this.limitsCache.size > 10_000) this.limitsCache.clear();
    this.limitsCache.set(id, { value, until: Date.now() + SETTINGS_TTL_MS });
    return value;
  }
}
