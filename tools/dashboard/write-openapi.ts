// `npm run dashboard:api` (first step): writes the server's OpenAPI document without a database or Redis.
// Nest's preview mode registers every module and controller but instantiates nothing, so no connection is opened;
// the document is built by the same function that serves /docs/openapi.json.
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { BUILT_IN_MODEL_PRICES } from '@confab/assistants';
import { AppModule } from '../../apps/server/src/app.module';
import type { AppConfig } from '../../apps/server/src/config/app-config';
import { buildOpenApiDocument } from '../../apps/server/src/http/openapi-document';

/** Never connected to: preview mode builds no provider. Values only need the shape the modules read at import. */
const config: AppConfig = {
  port: 0,
  role: 'api',
  publicUrl: 'http://localhost:3000',
  databaseUrl: 'postgres://unused@127.0.0.1:1/unused',
  redisUrl: 'redis://127.0.0.1:1',
  queuePrefix: 'openapi',
  openai: null,
  platformAdminKey: 'unused',
  secretsKey: Buffer.alloc(32),
  previousSecretsKeys: [],
  plugins: null,
  prices: BUILT_IN_MODEL_PRICES,
  relayPollMs: 1000,
  webhooks: { attempts: 1, backoffMs: 1, timeoutMs: 1 },
  logFormat: 'json',
  rateLimits: { apiKeyPerMinute: 0, apiKeyBurstPer10s: 0, tenantPerMinute: 0, tenantBurstPer10s: 0, customerPerMinute: 0, connectionPerMinute: 0, authFailuresPerMinute: 0, webhookFailuresPerMinute: 0, signInPerMinute: 0 },
  conversations: { replyDebounceMs: 0, replyAttempts: 1, replyBackoffMs: 0, replyAttemptTimeoutMs: 1, replyBudgetMs: 1, sendAttempts: 1, sendBackoffMs: 0, maxToolRounds: 1, historyLimit: 1 },
  knowledge: {
    vectorStore: { kind: 'embedded', directory: '/nonexistent' },
    openaiEmbeddings: null,
    limits: { maxFileBytes: 1, maxPdfPages: 1, maxChunksPerTenant: 1 },
    fetch: { timeoutMs: 1, maxCrawlPages: 1, maxCrawlDepth: 1 },
    ingestion: { attempts: 1, backoffMs: 1 },
    retrieval: { topK: 1 },
  } as AppConfig['knowledge'],
};

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: write-openapi.ts <output.json>');
  const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false, abortOnError: false });
  const document = buildOpenApiDocument(app);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(document, null, 2));
  await app.close();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
