import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@confab/plugin-sdk';
import { Metrics } from './metrics';

export const METRICS_TOKENS = Symbol('METRICS_TOKENS');

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Prometheus scrape endpoint. Only a bearer token opens it (the platform admin key, or METRICS_TOKEN for a scraper
 * that should see nothing else): a loopback exemption would open it to anything behind a local reverse proxy.
 */
@ApiTags('Operations')
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly accepted: Buffer[];

  constructor(
    private readonly metrics: Metrics,
    @Inject(METRICS_TOKENS) tokens: string[],
  ) {
    this.accepted = tokens.map(digest);
  }

  @Get()
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format: confab_* counters and histograms and Node process metrics' })
  @ApiUnauthorizedResponse({ description: 'No bearer token, or neither the platform admin key nor METRICS_TOKEN' })
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    const presented = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization?.trim() ?? '')?.[1];
    if (!presented) throw new UnauthorizedException('Send the platform admin key or METRICS_TOKEN as "Authorization: Bearer <token>"');
    const given = digest(presented);
    // Compared against every token, so the time taken does not tell which one nearly matched.
    const matches = this.accepted.map((t) => timingSafeEqual(given, t));
    if (!matches.includes(true)) throw new UnauthorizedException('Neither the platform admin key nor METRICS_TOKEN');
    res.setHeader('content-type', this.metrics.registry.contentType);
    res.send(await this.metrics.registry.metrics());
  }
}
