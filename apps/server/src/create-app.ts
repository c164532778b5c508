import 'reflect-metadata';
import { ConsoleLogger, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { migrateDatabase } from '@confab/persistence';
import { AppModule, allEntities } from './app.module';
import type { AppConfig } from './config/app-config';
import { buildOpenApiDocument } from './http/openapi-document';
import { validationPipe } from './http/validation';
import { securityHeaders } from './http/security-headers';
import { serveDashboard } from './http/dashboard/serve-dashboard';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export function createLogger(format: 'json' | 'pretty', level: LogLevel = 'log'): ConsoleLogger {
  const logLevels = LEVELS.slice(0, LEVELS.indexOf(level) + 1);
  return new ConsoleLogger({ json: format === 'json', colors: format === 'pretty', logLevels });
}

/** Applies pending migrations before the app starts. */
export function migrate(databaseUrl: string): Promise<string[]> {
  return migrateDatabase(databaseUrl, allEntities);
}

/** Builds the HTTP app (and, by ROLE, the workers) from a resolved configuration. Tests use it too. */
export async function createApp(config: AppConfig, logger: ConsoleLogger | false = createLogger(config.logFormat)): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { rawBody: true, logger: logger === false ? false : logger, abortOnError: false });
  app.disable('x-powered-by');
  app.use(securityHeaders(config.publicUrl));
  // The operator dashboard at `/` (its files and its pages); the API's routes are untouched.
  app.use(serveDashboard(config.dashboardDir ?? 'dist/dashboard'));
  // Per-address limits need the client's address; behind a proxy, TRUST_PROXY says whose X-Forwarded-For to believe.
  if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);
  // Provider webhooks carry up to 3 MB (WhatsApp batches); the raw bytes are kept for signature checks.
  // Not strict: `null` or `42` parse, so the input policy can say an object was expected instead of "invalid JSON".
  app.useBodyParser('json', { limit: '5mb', strict: false });
  // Data tables accept CSV uploads.
  app.useBodyParser('text', { type: 'text/csv', limit: '20mb' });
  app.useGlobalPipes(validationPipe());
  // No enableShutdownHooks(): main.ts owns SIGTERM/SIGINT. Nest's own listener would close the app a second time and
  // re-raise the signal, killing the process before the embedded services stop and without a clean exit code.
  // The web widget's routes answer CORS themselves, only for each widget's allowed origins; everything else is read
  // with an API key, which a browser page on any origin may hold.
  const ownCors = (path: string) => path.startsWith('/api/v1/widget/');
  app.enableCors((req: { url?: string }, done: (err: Error | null, options: object) => void) =>
    done(null, ownCors(req.url ?? '') ? { origin: false, preflightContinue: true } : { origin: true, credentials: false }));
  // The document (every route's schemas) is built on the first request for /docs, not at start: a worker process
  // never serves it, and an API process need not hold it until someone reads it (issues 9 and 16, memory).
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
