import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import { BUILT_IN_MODEL_PRICES, type ModelPriceRow } from '@confab/assistants';
import type { ConversationsOptions } from '@confab/conversations';
import type { KnowledgeOptions } from '@confab/knowledge';
import { ConfigError, type Env } from './env';

/** Reads a JSON file named by a setting; a missing, unreadable or malformed file is a ConfigError naming both. */
export function readJsonSetting(variable: string, file: string): unknown {
  const where = `${variable}=${file}${isAbsolute(file) ? '' : ` (${resolve(file)})`}`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(`${where}: ${code === 'ENOENT' ? 'no such file' : `the file cannot be read (${code ?? (err as Error).message})`}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ConfigError(`${where}: the file is not valid JSON (${(err as Error).message})`);
  }
}

/** Counts per window; 0 turns a limit off. See docs/api.md#rate-limits. */
export interface RateLimitDefaults {
  apiKeyPerMinute: number;
  apiKeyBurstPer10s: number;
  tenantPerMinute: number;
  tenantBurstPer10s: number;
  customerPerMinute: number;
  connectionPerMinute: number;
  /** Failed authentications (401 to a request that sent a key) per minute from one address, then 429. */
  authFailuresPerMinute: number;
  /** Failed provider-webhook signatures (or verify tokens) per minute from one address on one connection, then 429. */
  webhookFailuresPerMinute: number;
  /** Dashboard sign-in attempts (password or invitation) per minute from one address, right or wrong, then 429. */
  signInPerMinute: number;
  /**
   * Requests of one signed-in operator per minute and per 10 s. A dashboard page asks several things at once and
   * people click through pages quickly, so a session gets more room than an API key, and does not use up the
   * tenant's API allowance (which is for integrations). Optional: unset, 1200 and 300.
   */
  sessionPerMinute?: number;
  sessionBurstPer10s?: number;
}

export function rateLimitDefaults(env: Env): RateLimitDefaults {
  return {
    apiKeyPerMinute: env.RATE_LIMIT_API_KEY_PER_MINUTE,
    apiKeyBurstPer10s: env.RATE_LIMIT_API_KEY_BURST,
    tenantPerMinute: env.RATE_LIMIT_TENANT_PER_MINUTE,
    tenantBurstPer10s: env.RATE_LIMIT_TENANT_BURST,
    customerPerMinute: env.RATE_LIMIT_CUSTOMER_PER_MINUTE,
    connectionPerMinute: env.RATE_LIMIT_CONNECTION_PER_MINUTE,
    authFailuresPerMinute: env.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE,
    webhookFailuresPerMinute: env.RATE_LIMIT_WEBHOOK_FAILURES_PER_MINUTE,
    signInPerMinute: env.RATE_LIMIT_SIGN_IN_PER_MINUTE,
    sessionPerMinute: env.RATE_LIMIT_SESSION_PER_MINUTE,
    sessionBurstPer10s: env.RATE_LIMIT_SESSION_BURST,
  };
}

/** "2" is a hop count; anything else is Express's list form ("loopback", "10.0.0.0/8, 192.168.1.4"). */
export function parseTrustProxy(value: string | undefined): string | number | undefined {
  if (!value) return undefined;
  return /^\d+$/.test(value) ? Number(value) : value;
}

export interface AppConfig {
  port: number;
  role: 'all' | 'api' | 'worker';
  publicUrl: string;
  databaseUrl: string;
  /** DB_POOL_MAX: the ORM's PostgreSQL connections per process (default 10). */
  dbPoolMax?: number;
  redisUrl: string;
  /** Bull's Redis key prefix: per installation (QUEUE_PREFIX, else derived from the database's installation id at start). */
  queuePrefix: string;
  openai: { apiKey: string; baseUrl?: string; timeoutMs: number; maxRetries: number } | null;
  platformAdminKey: string;
  /** METRICS_TOKEN: opens GET /metrics only. */
  metricsToken?: string;
  secretsKey: Buffer;
  previousSecretsKeys: Buffer[];
  plugins: string[] | null;
  /**
   * The exact plugin modules to load, instead of the installed list and CONFAB_PLUGINS: a plugin's own end-to-end
   * tests boot the server with just that plugin (startPluginTestServer). Never set from the environment.
   */
  pluginModules?: Array<Type | DynamicModule>;
  prices: ModelPriceRow[];
  /** The conversation lifecycle's settings; the server adds its own URL and role when it loads the module. */
  conversations: Omit<ConversationsOptions, 'publicUrl' | 'worker'>;
  relayPollMs: number;
  /** DB_UPKEEP_INTERVAL_MS: how often worker processes keep the tables' statistics and dead rows (0: never). */
  dbUpkeepIntervalMs?: number;
  /**
   * The metrics projector: how often it polls the event log (METRICS_POLL_MS) and events per transaction
   * (METRICS_BATCH_SIZE); how often alert rules are evaluated (ALERT_EVALUATION_INTERVAL_MS).
   */
  metrics?: { pollMs?: number; batchSize?: number; alertEvaluationIntervalMs?: number };
  /** UNANSWERED_PENDING_MS: a customer message waiting longer than this for its reply is listed as unanswered (`pending`). */
  monitoring?: { pendingAfterMs: number };
  /** HTTP_TOOLS_ALLOWED_HOSTS: private hosts HTTP tools may reach. */
  httpToolsAllowedHosts?: string;
  /** OUTBOUND_ALLOWED_HOSTS: internal hosts webhook deliveries, API-channel callbacks, knowledge URLs and Graph base URLs may reach. */
  outboundAllowedHosts?: string;
  webhooks: { attempts: number; backoffMs: number; timeoutMs: number };
  /**
   * The settings plugins declare (definePluginSettings), parsed from the environment at start, by plugin name.
   * Unset (tests): each plugin gets its defaults, merged under whatever is given here.
   */
  pluginSettings?: Record<string, Record<string, unknown>>;
  logFormat: 'json' | 'pretty';
  /** Installation-wide rate limits (per tenant overridable, except the per-address failure limits); 0 turns one off. */
  rateLimits: RateLimitDefaults;
  /** TRUST_PROXY: which proxies' X-Forwarded-For names the client (Express's "trust proxy"); unset trusts none. */
  trustProxy?: string | number;
  /** Knowledge bases; the role and the allowed hosts (OUTBOUND_ALLOWED_HOSTS) are added when the module loads. */
  knowledge: Omit<KnowledgeOptions, 'worker' | 'fetch'> & { fetch: Omit<KnowledgeOptions['fetch'], 'allowedHosts'> };
  /** Background exports: their files' directory (EXPORTS_DIR) and link lifetime (EXPORT_LINK_TTL_SECONDS); unset, a temp dir and 1 h. */
  exports?: { directory?: string; linkTtlMs?: number; sweepEveryMs?: number };
  /** Where the built web widget (widget.js) is served from; default dist/widget under the working directory. */
  widgetBundleDir?: string;
  /** DASHBOARD_DIR: the built operator dashboard served at `/`; unset, `dist/dashboard` under the working directory. */
  dashboardDir?: string;
}

/** Price rows from MODEL_PRICES_FILE are added to the built-in ones; a row with the same model and date replaces it. */
export function loadPrices(file: string | undefined): ModelPriceRow[] {
  if (!file) return BUILT_IN_MODEL_PRICES;
  const extra = readJsonSetting('MODEL_PRICES_FILE', file) as ModelPriceRow[];
  if (!Array.isArray(extra)) throw new ConfigError(`MODEL_PRICES_FILE ${file} must hold a JSON array of price rows`);
  extra.forEach((row, i) => {
    const price = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0);
    const ok = row && typeof row.model === 'string' && row.model.length > 0 && /^\d{4}-\d{2}-\d{2}$/.test(row.effectiveFrom ?? '') &&
      row.currency === 'USD' && typeof row.inputPerMTok === 'number' && price(row.inputPerMTok) && price(row.cachedInputPerMTok) && price(row.outputPerMTok);
    if (!ok) {
      throw new ConfigError(`MODEL_PRICES_FILE ${file}, row ${i}: needs {model, effectiveFrom: "YYYY-MM-DD", currency: "USD", inputPerMTok, cachedInputPerMTok?, outputPerMTok?} with prices >= 0 in USD per 1M tokens`);
    }
  });
  const key = (r: ModelPriceRow) => `${r.model}@${r.effectiveFrom}`;
  const overridden = new Set(extra.map(key));
  return [...BUILT_IN_MODEL_PRICES.filter((r) => !overridden.has(key(r))), ...extra];
}

export function conversationDefaults(env: Env): AppConfig['conversations'] {
  return {
    replyDebounceMs: env.REPLY_DEBOUNCE_MS,
    typingDelayMs: env.TYPING_DELAY_MS,
    replyAttempts: env.REPLY_ATTEMPTS,
    replyBackoffMs: env.REPLY_BACKOFF_MS,
    replyAttemptTimeoutMs: env.REPLY_ATTEMPT_TIMEOUT_MS,
    replyBudgetMs: env.REPLY_BUDGET_MS,
    sendAttempts: env.SEND_ATTEMPTS,
    sendBackoffMs: env.SEND_BACKOFF_MS,
    replyConcurrency: env.REPLY_CONCURRENCY,
    sendConcurrency: env.SEND_CONCURRENCY,
    maxToolRounds: env.MAX_TOOL_ROUNDS,
    historyLimit: 40,
  };
}

export function knowledgeDefaults(env: Env, dataDir: string, openai: AppConfig['openai']): AppConfig['knowledge'] {
  const apiKey = env.EMBEDDINGS_API_KEY ?? openai?.apiKey;
  const baseUrl = env.EMBEDDINGS_BASE_URL ?? openai?.baseUrl;
  // A chat server reached by OPENAI_BASE_URL alone (Ollama, vLLM) rarely serves text-embedding-3-small: use an
  // OpenAI-compatible embedder only with a real key or when embeddings are configured explicitly.
  const useServer = !!(env.EMBEDDINGS_BASE_URL || env.EMBEDDINGS_MODEL || env.EMBEDDINGS_API_KEY || env.OPENAI_API_KEY);
  return {
    vectorStore: env.QDRANT_URL ? { kind: 'qdrant', url: env.QDRANT_URL, apiKey: env.QDRANT_API_KEY } : { kind: 'embedded', directory: `${dataDir}/vectors` },
    openaiEmbeddings: useServer
      ? { apiKey: apiKey ?? 'not-needed', baseUrl, model: env.EMBEDDINGS_MODEL ?? 'text-embedding-3-small', dimensions: env.EMBEDDINGS_DIMENSIONS, timeoutMs: env.OPENAI_TIMEOUT_MS }
      : null,
    limits: { maxFileBytes: env.KNOWLEDGE_MAX_FILE_MB * 1_048_576, maxPdfPages: env.KNOWLEDGE_MAX_PDF_PAGES, maxChunksPerTenant: env.KNOWLEDGE_MAX_CHUNKS_PER_TENANT },
    fetch: { timeoutMs: env.KNOWLEDGE_FETCH_TIMEOUT_MS, maxCrawlPages: env.KNOWLEDGE_CRAWL_MAX_PAGES, maxCrawlDepth: env.KNOWLEDGE_CRAWL_MAX_DEPTH },
    ingestion: { attempts: 4, backoffMs: 5000 },
    retrieval: { topK: env.KNOWLEDGE_TOP_K },
  };
}
