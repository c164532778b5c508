import { type DynamicModule, Global, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { RateLimits } from '@confab/plugin-sdk';
import type { RateLimitDefaults } from '../../config/app-config';
import { Metrics } from '../metrics/metrics';
import { ApiRateLimitInterceptor } from './api-rate-limit.interceptor';
import { FailedAuthMiddleware } from './failed-auth.middleware';
import { LimitStore } from './limit-store';
import { RATE_LIMIT_DEFAULTS, RateLimitService } from './rate-limit.service';

export interface RateLimitModuleOptions {
  redisUrl: string;
  /** The installation's Redis prefix, so installations and test suites sharing a Redis count apart. */
  prefix: string;
  defaults: RateLimitDefaults;
}

/** Rate limits (API keys, tenants, failed authentication, channel ingress); refusals are counted in `Metrics` (PrometheusModule). */
@Global()
@Module({})
export class RateLimitModule implements NestModule {
  static forRoot(options: RateLimitModuleOptions): DynamicModule {
    return {
      module: RateLimitModule,
      providers: [
        { provide: LimitStore, useFactory: (metrics: Metrics) => new LimitStore(options.redisUrl, options.prefix, metrics), inject: [Metrics] },
        { provide: RATE_LIMIT_DEFAULTS, useValue: options.defaults },
        RateLimitService,
        { provide: RateLimits, useExisting: RateLimitService },
        { provide: APP_INTERCEPTOR, useClass: ApiRateLimitInterceptor },
        FailedAuthMiddleware,
      ],
      exports: [RateLimits, RateLimitService],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(FailedAuthMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
