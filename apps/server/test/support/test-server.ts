import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { INestApplication } from '@nestjs/common';
import { BUILT_IN_MODEL_PRICES } from '@confab/assistants';
import { startFakeOpenAI, type FakeOpenAI, type TestDatabase } from '@confab/testing';
import { OutboxRelay } from '@confab/persistence';
import type { AppConfig } from '../../src/config/app-config';
import { createApp, migrate } from '../../src/create-app';
import { closePromptly } from './close-queues-promptly';
import { createMigratedDatabase } from './migrated-database';

export interface TestServer {
  url: string;
  app: INestApplication;
  db: TestDatabase;
  openai: FakeOpenAI;
  platformKey: string;
  config: AppConfig;
  close(): Promise<void>;
}

export type ConfigOverrides = Partial<Omit<AppConfig, 'conversations' | 'knowledge' | 'rateLimits'>> & {
  rateLimits?: Partial<AppConfig['rateLimits']>;
  conversations?: Partial<AppConfig['conversations']>;
  knowledge?: Partial<AppConfig['knowledge']>;
};

/**
 * The real server on a fresh database (or `existing`), the machine's Redis (under a private Bull prefix) and a loopback OpenAI
 * server, listening on a free port. Retries and debounces are shortened; nothing else differs from production.
 */
export async function startTestServer(overrides: ConfigOverrides = {}, existing?: TestDatabase): Promise<TestServer> {
  // A benchmark may pass a database it loaded in an earlier run (migrated, and dropped by whoever made it).
  const db = existing ?? (await createMigratedDatabase());
  const openai = await startFakeOpenAI();
  // A copy of the template is migrated already; a database passed in may be behind.
  if (existing) await migrate(db.url);
  const platformKey = `cfb_platform_${randomBytes(12).toString('hex')}`;
  const config: AppConfig = {
    port: 0,
    role: 'all',
    publicUrl: 'http://localhost:0',
    databaseUrl: db.url,
    redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    queuePrefix: `confab-test-${randomBytes(4).toString('hex')}`,
    openai: { apiKey: 'sk-test', baseUrl: openai.url, timeoutMs: 5_000, maxRetries: 0 },
    platformAdminKey: platformKey,
    secretsKey: randomBytes(32),
    previousSecretsKeys: [],
    plugins: null,
    prices: BUILT_IN_MODEL_PRICES,
    relayPollMs: 100,
    // Test receivers listen on loopback; production refuses internal addresses unless listed.
    outboundAllowedHosts: '127.0.0.1',
    webhooks: { attempts: 4, backoffMs: 50, timeoutMs: 2000 },
    logFormat: 'json',
    ...overrides,
    knowledge: {
      vectorStore: { kind: 'embedded', directory: `${tmpdir()}/confab-test-vectors-${randomBytes(6).toString('hex')}` },
      openaiEmbeddings: { apiKey: 'sk-test', baseUrl: openai.url, model: 'text-embedding-3-small', timeoutMs: 5_000 },
      limits: { maxFileBytes: 2 * 1_048_576, maxPdfPages: 50, maxChunksPerTenant: 5_000 },
      fetch: { timeoutMs: 3_000, maxCrawlPages: 5, maxCrawlDepth: 2 },
      ingestion: { attempts: 3, backoffMs: 50 },
      retrieval: { topK: 4 },
      ...overrides.knowledge,
    },
    // Out of the way of suites that burst requests; rate-limit tests set small ones.
    rateLimits: {
      apiKeyPerMinute: 100_000,
      apiKeyBurstPer10s: 100_000,
      tenantPerMinute: 100_000,
      tenantBurstPer10s: 100_000,
      customerPerMinute: 100_000,
      connectionPerMinute: 100_000,
      authFailuresPerMinute: 100_000,
      webhookFailuresPerMinute: 100_000,
      signInPerMinute: 100_000,
      ...overrides.rateLimits,
    },
    conversations: {
      replyDebounceMs: 50,
      replyAttempts: 3,
      replyBackoffMs: 50,
      replyAttemptTimeoutMs: 10_000,
      replyBudgetMs: 60_000,
      sendAttempts: 3,
      sendBackoffMs: 50,
      maxToolRounds: 5,
      historyLimit: 40,
      ...overrides.conversations,
    },
  };
  const app = await createApp(config, process.env.TEST_LOGS ? undefined : false);
  await app.listen(config.port, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    url,
    app,
    db,
    openai,
    platformKey,
    config,
    close: async () => {
      await closePromptly(app, config.redisUrl);
      await openai.close();
      // DROP DATABASE forces a checkpoint (0.5-2 s on a busy machine) that nothing here needs to wait for: it runs on
      // while the next suite starts. One cut off by the end of the run is swept by a later run (migrated-database.ts).
      void db.drop().catch(() => undefined);
      if (config.knowledge.vectorStore.kind === 'embedded') rmSync(config.knowledge.vectorStore.directory, { recursive: true, force: true });
    },
  };
}

/** Waits until every event committed so far has been published (the relay also runs on its own timer). */
export async function drainEvents(server: TestServer): Promise<void> {
  await server.app.get(OutboxRelay).drain();
}
