import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@confab/plugin-sdk';
import { isLoopback } from '../rate-limit/source-address';
import { Metrics } from './metrics';

export const METRICS_PLATFORM_KEY = Symbol('METRICS_PLATFORM_KEY');

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Prometheus scrape endpoint: open to the machine itself (loopback), otherwise only with the platform admin key. */
@ApiTags('Operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(METRICS_PLATFORM_KEY) private readonly platformKey: string,
  ) {}

  @Get()
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format: confab_rate_limited_total{policy} and Node process metrics' })
  @ApiUnauthorizedResponse({ description: 'Not from loopback and no platform admin key' })
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!isLoopback(req)) {
      const presented = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization?.trim() ?? '')?.[1];
      if (!presented) throw new UnauthorizedException('GET /metrics answers loopback callers, or send the platform admin key as "Authorization: Bearer <key>"');
      if (!timingSafeEqual(digest(presented), digest(this.platformKey))) throw new UnauthorizedException('Not the platform admin key');
    }
    res.setHeader('content-type', this.metrics.registry.contentType);
    res.send(await this.metrics.registry.metrics());
  }
}
