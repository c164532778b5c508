import { timingSafeEqual, createHash } from 'node:crypto';
import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PLATFORM_ROUTE, PUBLIC_ROUTE, REQUIRED_SCOPE, type ApiKeyScope } from '@confab/plugin-sdk';
import { ApiKeyService } from '../api-keys/api-key.service';

export const PLATFORM_ADMIN_KEY = Symbol('PLATFORM_ADMIN_KEY');

function sameSecret(a: string, b: string): boolean {
  // Compare digests so neither length nor content leaks through timing.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/**
 * Every route needs `Authorization: Bearer <key>` unless marked @Public(). Tenant keys need 'read' for GET/HEAD
 * and 'admin' for anything that changes state, unless the route names another scope. Open routes (health,
 * provider webhooks) say so with @Public(); Swagger's /docs is served outside Nest's router.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
    @Inject(PLATFORM_ADMIN_KEY) private readonly platformKey: string,
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

    if (!presented) throw new UnauthorizedException('Send an API key as "Authorization: Bearer <key>"');
    const auth = await this.keys.authenticate(presented);
    if (!auth) throw new UnauthorizedException('Unknown or revoked API key');
    const needed: ApiKeyScope =
      this.reflector.getAllAndOverride<ApiKeyScope>(REQUIRED_SCOPE, targets) ?? (['GET', 'HEAD'].includes(req.method) ? 'read' : 'admin');
    const allowed = auth.scopes.includes('admin') || auth.scopes.includes(needed);
    if (!allowed) throw new ForbiddenException(`This API key lacks the '${needed}' scope`);
    req.auth = auth;
    return true;
  }

  private bearer(header: unknown): string | null {
    if (typeof header !== 'string') return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    return match ? match[1] : null;
  }
}
