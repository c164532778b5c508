import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'confab:public-route';
export const REQUIRED_SCOPE = 'confab:required-scope';
export const PLATFORM_ROUTE = 'confab:platform-route';

export const API_KEY_SCOPES = ['admin', 'read'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Who is calling: set by the server's auth guard on every authenticated request. */
export interface AuthContext {
  tenantId: string;
  apiKeyId: string;
  scopes: ApiKeyScope[];
}

/** The route authenticates its caller itself (a provider webhook verified by signature). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Overrides the default scope rule (GET/HEAD need 'read', everything else 'admin'). */
export const RequireScope = (scope: ApiKeyScope) => SetMetadata(REQUIRED_SCOPE, scope);

/** The route takes the platform admin key instead of a tenant key. */
export const PlatformAdmin = () => SetMetadata(PLATFORM_ROUTE, true);

export const CurrentAuth = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthContext => {
  const auth = ctx.switchToHttp().getRequest().auth as AuthContext | undefined;
  if (!auth) throw new Error('CurrentAuth used on a route without tenant authentication');
  return auth;
});
