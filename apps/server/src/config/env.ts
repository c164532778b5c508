import { plainToInstance, Transform } from 'class-transformer';
import { getMetadataStorage, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import type { PluginSettingsDefinition } from '@confab/plugin-sdk';
import { checkPluginSettings } from './plugin-settings';
import { parseAllowedHosts } from '@confab/net';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Every setting the server reads. Only this file touches process.env; libs get their slice through forRoot. */
export class Env {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsIn(['all', 'api', 'worker']) ROLE: 'all' | 'api' | 'worker' = 'all';
  /** With ROLE=all: worker processes to start beside the API process (unset: 1 with two or more cores, else 0). */
  @Transform(toInt) @IsOptional() @IsInt() @Min(0) @Max(32) WORKERS?: number;
  @Transform(emptyToUndefined) @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) PUBLIC_URL?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(10) DATABASE_URL?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(8) REDIS_URL?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(1) OPENAI_API_KEY?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) OPENAI_BASE_URL?: string;
  @Transform(toInt) @IsInt() @Min(1000) @Max(600_000) OPENAI_TIMEOUT_MS = 60_000;
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(16) PLATFORM_ADMIN_KEY?: string;
  /** A bearer token for Prometheus that opens GET /metrics and nothing else (the platform admin key opens it too). */
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(16) METRICS_TOKEN?: string;
  /** ROLE=worker only: the port a worker listens on for GET /metrics (workers serve no API otherwise). */
  @Transform(toInt) @IsOptional() @IsInt() @Min(0) @Max(65535) METRICS_PORT?: number;
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(16) SECRETS_KEY?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() SECRETS_KEY_PREVIOUS?: string;
  @IsString() @MinLength(1) DATA_DIR = '.confab';
  @Transform(emptyToUndefined) @IsOptional() @IsString() CONFAB_PLUGINS?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() MODEL_PRICES_FILE?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() HTTP_TOOLS_ALLOWED_HOSTS?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() OUTBOUND_ALLOWED_HOSTS?: string;
  @Transform(toInt) @IsInt() @Min(0) @Max(60_000) REPLY_DEBOUNCE_MS = 800;
  /** Mark-read with "typing…" only for replies still being written after this long; see docs/configuration.md. */
  @Transform(toInt) @IsInt() @Min(0) @Max(60_000) TYPING_DELAY_MS = 1000;
  @Transform(toInt) @IsInt() @Min(1) @Max(20) REPLY_ATTEMPTS = 3;
  @Transform(toInt) @IsInt() @Min(10) @Max(600_000) REPLY_BACKOFF_MS = 2000;
  @Transform(toInt) @IsInt() @Min(1000) @Max(600_000) REPLY_ATTEMPT_TIMEOUT_MS = 20_000;
  @Transform(toInt) @IsInt() @Min(1000) @Max(3_600_000) REPLY_BUDGET_MS = 60_000;
  @Transform(toInt) @IsInt() @Min(1) @Max(50) SEND_ATTEMPTS = 6;
  /** Reply jobs in flight per worker process; see docs/scaling.md#sizing. */
  @Transform(toInt) @IsInt() @Min(1) @Max(2000) REPLY_CONCURRENCY = 200;
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) SEND_CONCURRENCY = 32;
  /** PostgreSQL connections per process for the ORM (the metrics read-model keeps its own 4). */
  @Transform(toInt) @IsInt() @Min(2) @Max(200) DB_POOL_MAX = 10;
  /** How often worker processes look at the tables' statistics and dead rows (0: never); see docs/configuration.md. */
  @Transform(toInt) @IsInt() @Min(0) @Max(3_600_000) DB_UPKEEP_INTERVAL_MS = 10_000;
  @Transform(toInt) @IsInt() @Min(20) @Max(60_000) METRICS_POLL_MS = 250;
  @Transform(toInt) @IsInt() @Min(1_000) @Max(86_400_000) UNANSWERED_PENDING_MS = 120_000;
  @Transform(toInt) @IsInt() @Min(10) @Max(20_000) METRICS_BATCH_SIZE = 1000;
  @Transform(toInt) @IsInt() @Min(100) @Max(86_400_000) ALERT_EVALUATION_INTERVAL_MS = 60_000;
  @Transform(toInt) @IsInt() @Min(10) @Max(600_000) SEND_BACKOFF_MS = 2000;
  @Transform(toInt) @IsInt() @Min(1) @Max(20) MAX_TOOL_ROUNDS = 5;
  @Transform(emptyToUndefined) @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) QDRANT_URL?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(1) QDRANT_API_KEY?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(1) EMBEDDINGS_MODEL?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) EMBEDDINGS_BASE_URL?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(1) EMBEDDINGS_API_KEY?: string;
  @Transform(toInt) @IsOptional() @IsInt() @Min(8) @Max(8192) EMBEDDINGS_DIMENSIONS?: number;
  @Transform(toInt) @IsInt() @Min(1) @Max(500) KNOWLEDGE_MAX_FILE_MB = 20;
  @Transform(toInt) @IsInt() @Min(1) @Max(10_000) KNOWLEDGE_MAX_PDF_PAGES = 500;
  @Transform(toInt) @IsInt() @Min(1) @Max(100_000_000) KNOWLEDGE_MAX_CHUNKS_PER_TENANT = 100_000;
  @Transform(toInt) @IsInt() @Min(1000) @Max(300_000) KNOWLEDGE_FETCH_TIMEOUT_MS = 15_000;
  @Transform(toInt) @IsInt() @Min(1) @Max(10_000) KNOWLEDGE_CRAWL_MAX_PAGES = 50;
  @Transform(toInt) @IsInt() @Min(0) @Max(10) KNOWLEDGE_CRAWL_MAX_DEPTH = 3;
  @Transform(toInt) @IsInt() @Min(1) @Max(20) KNOWLEDGE_TOP_K = 4;
  @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000) RATE_LIMIT_API_KEY_PER_MINUTE = 100;
  @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000) RATE_LIMIT_API_KEY_BURST = 20;
  @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000) RATE_LIMIT_TENANT_PER_MINUTE = 300;
  @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000) RATE_LIMIT_TENANT_BURST = 60;
  @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000) RATE_LIMIT_CUSTOMER_PER_MINUTE = 30;
  @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000) RATE_LIMIT_CONNECTION_PER_MINUTE = 600;
  @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000) RATE_LIMIT_AUTH_FAILURES_PER_MINUTE = 20;
  @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000) RATE_LIMIT_WEBHOOK_FAILURES_PER_MINUTE = 20;
  @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000) RATE_LIMIT_SIGN_IN_PER_MINUTE = 10;
  @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000) RATE_LIMIT_SESSION_PER_MINUTE = 1_200;
  @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000) RATE_LIMIT_SESSION_BURST = 300;
  @Transform(emptyToUndefined) @IsOptional() @Matches(/^(\d{1,2}|[A-Za-z0-9.:/_, -]+)$/, { message: 'TRUST_PROXY is a hop count or a comma-separated list of proxy addresses, subnets, "loopback", "linklocal" or "uniquelocal"' }) TRUST_PROXY?: string;
  @Transform(emptyToUndefined) @IsOptional() @Matches(/^[A-Za-z0-9:_-]{1,64}$/, { message: 'QUEUE_PREFIX may hold letters, digits, ":", "_" and "-" (at most 64)' }) QUEUE_PREFIX?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(1) EXPORTS_DIR?: string;
  /** The built dashboard (`vite build` output) served at `/`; relative to the working directory. */
  @IsString() @MinLength(1) DASHBOARD_DIR = 'dist/dashboard';
  @Transform(toInt) @IsInt() @Min(60) @Max(604_800) EXPORT_LINK_TTL_SECONDS = 3600;
  /** Unset: pretty at an interactive terminal, JSON otherwise (logFormatFor). */
  @Transform(emptyToUndefined) @IsOptional() @IsIn(['json', 'pretty']) LOG_FORMAT?: 'json' | 'pretty';
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose']) LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
}

export class ConfigError extends Error {}

/** Host lists whose every entry must parse; a malformed entry would otherwise refuse the host it meant to allow. */
const HOST_LISTS = ['HTTP_TOOLS_ALLOWED_HOSTS', 'OUTBOUND_ALLOWED_HOSTS'] as const;

/** Parses and checks the environment; a bad value stops the start with the variable's name and the rule. */
export function parseEnv(raw: NodeJS.ProcessEnv): Env {
  return parseSettings(raw).env;
}

/**
 * The server's settings and those its plugins declare (definePluginSettings), checked together: one message lists
 * every bad variable, the server's and the plugins' alike. Returns each plugin's values by its name.
 */
export function parseSettings(raw: NodeJS.ProcessEnv, plugins: readonly PluginSettingsDefinition[] = []): { env: Env; plugins: Record<string, Record<string, unknown>> } {
  const { env, lines } = checkEnv(raw);
  const { values, lines: pluginLines } = checkPluginSettings(raw, plugins, coreSettingNames());
  lines.push(...pluginLines);
  if (lines.length) throw new ConfigError(`Bad configuration (see .env.example):\n${lines.join('\n')}`);
  return { env, plugins: values };
}

/** Every variable the server itself reads: a plugin may not declare one of them. */
export function coreSettingNames(): Set<string> {
  return new Set(getMetadataStorage().getTargetValidationMetadatas(Env, '', true, false).map((m) => m.propertyName));
}

function checkEnv(raw: NodeJS.ProcessEnv): { env: Env; lines: string[] } {
  const env = plainToInstance(Env, { ...raw }, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  const lines = errors.map((e) => `  ${e.property}=${JSON.stringify(raw[e.property] ?? e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  for (const name of HOST_LISTS) {
    try {
      parseAllowedHosts(env[name]);
    } catch (err) {
      lines.push(`  ${name}=${JSON.stringify(raw[name])}: ${(err as Error).message}`);
    }
  }
  return { env, lines };
}
