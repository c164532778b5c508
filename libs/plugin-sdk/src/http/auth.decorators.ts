import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'confab:public-route';
export const REQUIRED_SCOPE = 'confab:required-scope';
export const PLATFORM_ROUTE = 'confab:platform-route';

/**
 * 'read': GET routes. 'conversations': what a colleague does in a conversation (reply, take over, hand back, close,
 * retry, test chats). 'admin': everything, including configuration.
 */
export const API_KEY_SCOPES = ['admin', 'read', 'conversations'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const OPERATOR_ROLES = ['admin', 'agent', 'viewer'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** The person behind a dashboard session. */
export interface OperatorRef {
  id: string;
  name: string;
  role: OperatorRole;
}

/** Who is calling: set by the server's auth guard on every authenticated request. */
export interface AuthContext {
  tenantId: string;
  /** The API key's id; for an operator's session `operator:<operatorId>`, so per-key limits count per person. */
  apiKeyId: string;
  scopes: ApiKeyScope[];
  /** Set when the caller is an operator signed in to the dashboard (session cookie) rather than an API key. */
  operator?: OperatorRef;
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
