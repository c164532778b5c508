import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { NotFound, type ApiKeyScope, type AuthContext } from '@confab/plugin-sdk';
import { ApiKey } from '../entities/api-key.entity';

const KEY_PREFIX = 'cfb_';
const TOUCH_EVERY_MS = 60_000;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface IssuedApiKey {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  prefix: string;
  createdAt: Date;
  /** The only time the full key is ever shown. */
  apiKey: string;
}

/** Keys are 192 random bits, so a plain SHA-256 is a safe verifier (no slow hash needed for a non-guessable secret). */
@Injectable()
export class ApiKeyService {
  private readonly touched = new Map<string, number>();

  constructor(private readonly db: Db) {}

  async issue(tenantId: string, name: string, scopes: ApiKeyScope[]): Promise<IssuedApiKey> {
    const apiKey = KEY_PREFIX + randomBytes(24).toString('base64url');
    const record = await this.db.transaction(tenantId, async (em) => {
      const row = Object.assign(new ApiKey(), { tenantId, name, scopes, prefix: apiKey.slice(0, 10), hash: hashApiKey(apiKey) });
      em.persist(row);
      return row;
    });
    return { id: record.id, name, scopes, prefix: record.prefix, createdAt: record.createdAt, apiKey };
  }

  async list(tenantId: string): Promise<ApiKey[]> {
    return this.db.forTenant(tenantId).find(ApiKey, {}, { orderBy: { createdAt: 'asc' } });
  }

  async revoke(tenantId: string, id: string): Promise<void> {
    await this.db.transaction(tenantId, async (em) => {
      const key = await em.findOne(ApiKey, { id });
      if (!key) throw new NotFound('API key', id);
      key.revokedAt ??= new Date();
    });
  }

  /** Resolves a presented key to its tenant, before any tenant context exists. */
  async authenticate(presented: string): Promise<AuthContext | null> {
    if (!presented.startsWith(KEY_PREFIX)) return null;
    const em = this.db.platform();
    const key = await em.findOne(ApiKey, { hash: hashApiKey(presented) }, { filters: false });
    if (!key || key.revokedAt) return null;
    const last = this.touched.get(key.id) ?? 0;
    if (Date.now() - last > TOUCH_EVERY_MS) {
      this.touched.set(key.id, Date.now());
      await em.nativeUpdate(ApiKey, { id: key.id }, { lastUsedAt: new Date() }, { filters: false });
    }
    return { tenantId: key.tenantId, apiKeyId: key.id, scopes: key.scopes };
  }
}
