import { Logger } from '@nestjs/common';
import { parseSecretsKey } from '@confab/persistence';
import { DEFAULT_WEBHOOK_RETRY } from '@confab/webhooks';
import { conversationDefaults, knowledgeDefaults, loadPrices, parseTrustProxy, rateLimitDefaults, type AppConfig } from '../config/app-config';
import type { Env } from '../config/env';
import { logFormatFor } from '../config/log-format';
import { startEmbeddedPostgres } from './embedded-postgres';
import { resolveRedis } from './embedded-redis';
import { localSecret, randomKey } from './local-secrets';

export interface ResolvedConfig {
  config: AppConfig;
  /** Keys generated on this start, to print once. */
  generated: { platformAdminKey?: string };
  /**
   * The resolved services and keys as the settings that name them, for the worker processes this one starts: they
   * use this process's embedded PostgreSQL and Redis and its keys instead of resolving their own.
   */
  resolvedEnv: { DATABASE_URL: string; REDIS_URL: string; PLATFORM_ADMIN_KEY: string; SECRETS_KEY: string };
  stop(): Promise<void>;
}

/**
 * Turns the environment into a runnable configuration. Each external service sits behind a variable; when it is
 * unset an embedded default serves and one log line says which and how to configure the real one.
 */
export async function resolveConfig(env: Env, logger = new Logger('Config'), pluginSettings: Record<string, Record<string, unknown>> = {}): Promise<ResolvedConfig> {
  // Files first: a missing or malformed one stops the start before anything embedded has been started (plugins'
  // files were read with their settings, in parseSettings).
  const prices = loadPrices(env.MODEL_PRICES_FILE);
  const stops: Array<() => Promise<void>> = [];
  const generated: ResolvedConfig['generated'] = {};

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    const db = await startEmbeddedPostgres(env.DATA_DIR, logger);
    stops.push(db.stop);
    databaseUrl = db.url;
    logger.log(`DATABASE_URL is unset: using embedded PostgreSQL with data in ${env.DATA_DIR}/postgres. Set DATABASE_URL=postgresql://... to use your own.`);
  }

  let redisUrl = env.REDIS_URL;
  if (!redisUrl) {
    const redis = await resolveRedis(env.DATA_DIR);
    stops.push(redis.stop);
    redisUrl = redis.url;
    logger.log(`REDIS_URL is unset: using ${redis.source === 'local' ? 'the Redis on 127.0.0.1:6379' : `a redis-server started on ${redis.url}`}. Set REDIS_URL=redis://... to use your own.`);
  }

  let platformAdminKey = env.PLATFORM_ADMIN_KEY;
  if (!platformAdminKey) {
    const key = localSecret(env.DATA_DIR, 'platform-admin.key', randomKey('cfb_platform_'));
    platformAdminKey = key.value;
    if (key.created) generated.platformAdminKey = key.value;
    logger.log(`PLATFORM_ADMIN_KEY is unset: using the key stored in ${env.DATA_DIR}/platform-admin.key.`);
  }

  let secretsKey = env.SECRETS_KEY;
  if (!secretsKey) {
    secretsKey = localSecret(env.DATA_DIR, 'secrets.key', randomKey()).value;
    logger.warn(`SECRETS_KEY is unset: secrets are encrypted with a key generated into ${env.DATA_DIR}/secrets.key. Back it up, or set SECRETS_KEY.`);
  }

  const openai = env.OPENAI_API_KEY || env.OPENAI_BASE_URL
    ? { apiKey: env.OPENAI_API_KEY ?? 'not-needed', baseUrl: env.OPENAI_BASE_URL, timeoutMs: env.OPENAI_TIMEOUT_MS, maxRetries: 1 }
    : null;
  if (!openai) {
    logger.warn('OPENAI_API_KEY is unset: the built-in offline responder answers (no language model). Set OPENAI_API_KEY (and OPENAI_BASE_URL for Ollama, vLLM, Azure or a proxy).');
  }

  const port = env.PORT;
  const config: AppConfig = {
    port,
    role: env.ROLE,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
    databaseUrl,
    dbPoolMax: env.DB_POOL_MAX,
    redisUrl,
    // Replaced after migrations by the installation's own prefix (main.ts); QUEUE_PREFIX pins it.
    queuePrefix: env.QUEUE_PREFIX ?? 'confab',
    openai,
    platformAdminKey,
    metricsToken: env.METRICS_TOKEN,
    secretsKey: parseSecretsKey(secretsKey),
    previousSecretsKeys: (env.SECRETS_KEY_PREVIOUS ?? '').split(',').filter(Boolean).map(parseSecretsKey),
    plugins: env.CONFAB_PLUGINS ? env.CONFAB_PLUGINS.split(',').map((s) => s.trim()).filter(Boolean) : null,
    prices,
    conversations: conversationDefaults(env),
    dbUpkeepIntervalMs: env.DB_UPKEEP_INTERVAL_MS,
    relayPollMs: 5_000, // a safety net: commits wake the relay at once (same process: kick; others: NOTIFY)
    metrics: { pollMs: env.METRICS_POLL_MS, batchSize: env.METRICS_BATCH_SIZE, alertEvaluationIntervalMs: env.ALERT_EVALUATION_INTERVAL_MS },
    monitoring: { pendingAfterMs: env.UNANSWERED_PENDING_MS },
    httpToolsAllowedHosts: env.HTTP_TOOLS_ALLOWED_HOSTS,
    outboundAllowedHosts: env.OUTBOUND_ALLOWED_HOSTS,
    webhooks: { ...DEFAULT_WEBHOOK_RETRY },
    pluginSettings,
    logFormat: logFormatFor(env.LOG_FORMAT),
    rateLimits: rateLimitDefaults(env),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    knowledge: knowledgeDefaults(env, env.DATA_DIR, openai),
    dashboardDir: env.DASHBOARD_DIR,
    exports: { directory: env.EXPORTS_DIR ?? `${env.DATA_DIR}/exports`, linkTtlMs: env.EXPORT_LINK_TTL_SECONDS * 1000 },
  };
  return {
    config,
    generated,
    resolvedEnv: { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, PLATFORM_ADMIN_KEY: platformAdminKey, SECRETS_KEY: secretsKey },
    stop: async () => {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}
