import { type DynamicModule, Global, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { RateLimits } from '@confab/plugin-sdk';
import type { RateLimitDefaults } from '../../config/app-config';
import { Metrics } from '../metrics/metrics';
import { METRICS_TOKENS, MetricsController } from '../metrics/metrics.controller';
import { ApiRateLimitInterceptor } from './api-rate-limit.interceptor';
import { FailedAuthMiddleware } from './failed-auth.middleware';
import { LimitStore } from './limit-store';
import { RATE_LIMIT_DEFAULTS, RateLimitService } from './rate-limit.service';

export interface RateLimitModuleOptions {
  redisUrl: string;
  /** The installation's Redis prefix, so installations and test suites sharing a Redis count apart. */
  prefix: string;
  defaults: RateLimitDefaults;
  /** Bearer tokens that open GET /metrics: the platform admin key and METRICS_TOKEN. */
  metricsTokens: string[];
}

/** Rate limits (API keys, tenants, failed authentication, channel ingress) and the metrics that count refusals. */
@Global()
@Module({})
export class RateLimitModule implements NestModule {
  static forRoot(options: RateLimitModuleOptions): DynamicModule {
    return {
      module: RateLimitModule,
      controllers: [MetricsController],
      providers: [
        { provide: Metrics, useFactory: () => new Metrics() },
        { provide: LimitStore, useFactory: (metrics: Metrics) => new LimitStore(options.redisUrl, options.prefix, metrics), inject: [Metrics] },
        { provide: RATE_LIMIT_DEFAULTS, useValue: options.defaults },
        { provide: METRICS_TOKENS, useValue: options.metricsTokens },
        RateLimitService,
        { provide: RateLimits, useExisting: RateLimitService },
        { provide: APP_INTERCEPTOR, useClass: ApiRateLimitInterceptor },
        FailedAuthMiddleware,
      ],
      exports: [RateLimits, RateLimitService, Metrics],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(FailedAuthMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
