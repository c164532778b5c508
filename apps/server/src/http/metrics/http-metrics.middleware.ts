import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Metrics } from './metrics';

/** The path app-wide middleware is registered for (forRoutes), which Express reports as the route it matched. */
export const MIDDLEWARE_CATCH_ALL = '/{*path}';

/**
 * Times every request to the end of its response. The route label is the pattern Express matched, read once the
 * response is done (the router sets req.route when it dispatches): never the raw path, whose ids and tokens would
 * leak into the metrics and make one series per URL. Requests no route served (404s, static files) share "unmatched".
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: Metrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const began = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - began) / 1e9;
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      // Nest mounts app-wide middleware (this one, the failed-auth counter) as catch-all routes of their own: when
      // that is the last route seen, no controller matched.
      const route = typeof pattern === 'string' && pattern !== MIDDLEWARE_CATCH_ALL ? `${req.baseUrl ?? ''}${pattern}` : 'unmatched';
      this.metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
    });
    next();
  }
}
