import { randomBytes } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { CqrsModule } from '@nestjs/cqrs';
import { Db, migrateDatabase, PersistenceModule, SecretBox } from '@confab/persistence';
import { createTestDatabase, queryDatabase, type TestDatabase } from '@confab/testing';
import { ApiKey } from './entities/api-key.entity';
import { ApiKeyService, hashApiKey } from './api-keys/api-key.service';
import { TenantService } from './tenants/tenant.service';
import { tenancyEntities } from './index';

describe('tenancy on a real database', () => {
  let db: TestDatabase;
  let ref: TestingModule;

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url, tenancyEntities);
    ref = await Test.createTestingModule({
      imports: [
        CqrsModule.forRoot(),
        PersistenceModule.forRoot({ databaseUrl: db.url, entities: tenancyEntities, secrets: new SecretBox(randomBytes(32)), relay: { pollMs: 1000, enabled: false } }),
      ],
      providers: [ApiKeyService, TenantService],
    }).compile();
    await ref.init();
  });
  afterAll(async () => {
    await ref?.close();
    await db?.drop();
  });

  it('issues a key once, stores only its hash, authenticates it and stops after revocation', async () => {
    const { tenant, key } = await ref.get(TenantService).create('Acme');
    const keys = ref.get(ApiKeyService);
    expect(await keys.authenticate(key.apiKey)).toEqual({ tenantId: tenant.id, apiKeyId: key.id, scopes: ['admin'] });
    const [row] = await queryDatabase<{ hash: string; prefix: string }>(db.url, 'select hash, prefix from api_keys where id = $1', [key.id]);
    expect(row.hash).toBe(hashApiKey(key.apiKey));
    expect(key.apiKey.startsWith(row.prefix)).toBe(true);
    expect(row.prefix.length).toBeLessThan(12);
    await keys.revoke(tenant.id, key.id);
    expect(await keys.authenticate(key.apiKey)).toBeNull();
    expect(await keys.authenticate('cfb_guess')).toBeNull();
    expect(await keys.authenticate('not-even-a-key')).toBeNull();
  });

  it('runs every query in a tenant context: another tenant sees nothing, and no context is an error', async () => {
    const a = await ref.get(TenantService).create('A');
    const b = await ref.get(TenantService).create('B');
    const dbs = ref.get(Db);
    expect((await dbs.forTenant(a.tenant.id).find(ApiKey, {})).map((k) => k.id)).toEqual([a.key.id]);
    expect(await dbs.forTenant(a.tenant.id).findOne(ApiKey, { id: b.key.id })).toBeNull();
    await expect(ref.get(ApiKeyService).revoke(a.tenant.id, b.key.id)).rejects.toThrow(/No API key/);
    await expect(dbs.platform().find(ApiKey, {})).rejects.toThrow(/tenant/);
  });
});
