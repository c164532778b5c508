import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import type { AuthContext } from '@confab/plugin-sdk';
import { writeRateLimitHeaders } from './rate-limit-headers';
import { RateLimitService, tightest } from './rate-limit.service';

/**
 * Counts every request made with a tenant API key against the key's and the tenant's limits. An interceptor runs
 * after the auth guard, so it knows the key; a spent limit answers 429 before the handler runs.
 */
@Injectable()
export class ApiRateLimitInterceptor implements NestInterceptor {
  constructor(private readonly limits: RateLimitService) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request & { auth?: AuthContext }>();
    if (req.auth) {
      const states = await this.limits.countApiRequest(req.auth);
      const shown = tightest(states);
      if (shown) {
        writeRateLimitHeaders(ctx.switchToHttp().getResponse<Response>(), shown, states);
        if (!shown.allowed) this.limits.refuseApiRequest(shown);
      }
    }
    return next.handle();
  }
}
