import { timingSafeEqual, createHash } from 'node:crypto';
import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PLATFORM_ROUTE, PUBLIC_ROUTE, REQUIRED_SCOPE, type ApiKeyScope, type AuthContext } from '@confab/plugin-sdk';
import { ApiKeyService } from '../api-keys/api-key.service';
import { clearedSessionCookie, readCookie, SESSION_COOKIE } from '../sessions/session-cookie';
import { secureCookies, SESSION_OPTIONS, type SessionOptions } from '../sessions/session-options';
import { sameToken, SessionService } from '../sessions/session.service';
import { ROLE_SCOPES, roleRefusal } from './role-scopes';

export const PLATFORM_ADMIN_KEY = Symbol('PLATFORM_ADMIN_KEY');

function sameSecret(a: string, b: string): boolean {
  // Compare digests so neither length nor content leaks through timing.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/**
 * Every route needs `Authorization: Bearer <key>` unless marked @Public(). Tenant keys need 'read' for GET/HEAD
 * and 'admin' for anything that changes state, unless the route names another scope. Open routes (health,
 * provider webhooks) say so with @Public(); Swagger's /docs is served outside Nest's router.
 * Without an Authorization header, the dashboard's session cookie is accepted instead: the operator's role gives the
 * scopes, and every write must carry the session's CSRF token in X-CSRF-Token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
    @Inject(PLATFORM_ADMIN_KEY) private readonly platformKey: string,
    private readonly sessions: SessionService,
    @Inject(SESSION_OPTIONS) private readonly sessionOptions: SessionOptions,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const presented = this.bearer(req.headers.authorization);

    if (this.reflector.getAllAndOverride<boolean>(PLATFORM_ROUTE, targets)) {
      if (!presented) throw new UnauthorizedException('Send the platform admin key as "Authorization: Bearer <key>"');
      if (!sameSecret(presented, this.platformKey)) throw new UnauthorizedException('Not the platform admin key');
      return true;
    }

    const needed: ApiKeyScope =
      this.reflector.getAllAndOverride<ApiKeyScope>(REQUIRED_SCOPE, targets) ?? (['GET', 'HEAD'].includes(req.method) ? 'read' : 'admin');
    // The cookie counts only without any Authorization header, so a key (even a malformed one) is judged as before.
    if (req.headers.authorization === undefined) {
      const token = readCookie(req.headers.cookie, SESSION_COOKIE);
      if (token === null) throw new UnauthorizedException('Send an API key as "Authorization: Bearer <key>"');
      const auth = await this.sessionAuth(req, token, needed);
      if (!auth) {
        // The browser forgets a dead cookie, so its next sign-in is not sent alongside a stale one.
        ctx.switchToHttp().getResponse().setHeader('Set-Cookie', clearedSessionCookie({ secure: secureCookies(this.sessionOptions) }));
        throw new UnauthorizedException('Your session has expired; sign in again');
      }
      req.auth = auth;
      return true;
    }
    if (!presented) throw new UnauthorizedException('Send an API key as "Authorization: Bearer <key>"');
    const auth = await this.keys.authenticate(presented);
    if (!auth) throw new UnauthorizedException('Unknown or revoked API key');
    const allowed = auth.scopes.includes('admin') || auth.scopes.includes(needed);
    if (!allowed) throw new ForbiddenException(`This API key lacks the '${needed}' scope`);
    req.auth = auth;
    return true;
  }

  private async sessionAuth(req: { method: string; headers: Record<string, unknown> }, token: string, needed: ApiKeyScope): Promise<AuthContext | null> {
    const session = await this.sessions.resolve(token);
    if (!session) return null;
    if (!SAFE_METHODS.includes(req.method)) {
      const presented = req.headers['x-csrf-token'];
      if (typeof presented !== 'string' || !sameToken(presented, session.csrfToken)) {
        throw new ForbiddenException("Send the session's CSRF token (csrfToken from sign-in or GET /api/v1/auth/session) in X-CSRF-Token");
      }
    }
    const { id, name, role } = session.operator;
    const scopes = ROLE_SCOPES[role];
    if (!scopes.includes('admin') && !scopes.includes(needed)) throw new ForbiddenException(roleRefusal(role));
    return { tenantId: session.tenantId, apiKeyId: `operator:${id}`, scopes: [...scopes], operator: { id, name, role } };
  }

  private bearer(header: unknown): string | null {
    if (typeof header !== 'string') return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    return match ? match[1] : null;
  }
}
