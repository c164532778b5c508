import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { RateLimitService } from './rate-limit.service';
import { sourceAddress } from './source-address';

/**
 * Slows key guessing: every 401 to a request that sent credentials counts against its source address, and an
 * address over the limit gets 429 for the rest of the window on anything it authenticates, right or wrong (telling
 * a right key apart would keep the guessing open). Requests without credentials are not counted or checked.
 */
@Injectable()
export class FailedAuthMiddleware implements NestMiddleware {
  constructor(private readonly limits: RateLimitService) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    // Web widget routes take no API key, only HMAC-signed session tokens that cannot be guessed; an expired token's
    // 401 is routine there and must not lock every visitor behind one shared address out of the API.
    if (req.headers.authorization === undefined || req.path.startsWith('/api/v1/widget/')) return next();
    const address = sourceAddress(req);
    await this.limits.assertAuthAllowed(address);
    res.on('finish', () => {
      if (res.statusCode === 401) void this.limits.recordAuthFailure(address);
    });
    next();
  }
}
