import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/**
 * Routes outside /api/v1 (health, provider webhooks, calendar feeds) take no API key: they answer to everyone or
 * carry their own proof. Controller-wide @ApiBearerAuth cannot be taken back per route, so it is taken off here.
 */
export function withoutKeyOutsideApi(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    if (path.startsWith('/api/v1/')) continue;
    for (const operation of Object.values(item)) {
      if (operation && typeof operation === 'object' && 'responses' in operation) (operation as { security?: unknown[] }).security = [];
    }
  }
  return document;
}

/** The document served at /docs/openapi.json; the dashboard's typed client is generated from the same function. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return withoutKeyOutsideApi(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Confab API')
      .setDescription('Multi-tenant AI assistant conversations: tenants, assistants, channels, conversations, tools. Authenticate with "Authorization: Bearer <API key>", or as a dashboard operator with the confab_session cookie from POST /api/v1/auth/login (writes then need X-CSRF-Token).')
      .setVersion('1')
      .addBearerAuth()
      // The dashboard's session (POST /api/v1/auth/login); writes also need X-CSRF-Token.
      .addCookieAuth('confab_session')
      .build(),
  ));
}
