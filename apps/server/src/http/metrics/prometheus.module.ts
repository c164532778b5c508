import { type DynamicModule, Global, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { PipelineMetrics } from '@confab/plugin-sdk';
import { HttpMetricsMiddleware, MIDDLEWARE_CATCH_ALL } from './http-metrics.middleware';
import { Metrics } from './metrics';
import { METRICS_TOKENS, MetricsController } from './metrics.controller';
import { PromPipelineMetrics } from './prom-pipeline-metrics';
import { ScrapeGauges } from './scrape-gauges';

export interface PrometheusModuleOptions {
  /** Bearer tokens that open GET /metrics: the platform admin key and METRICS_TOKEN. */
  tokens: string[];
}

/**
 * GET /metrics and the registry behind it. Global: the rate limits count refusals into `Metrics`, and the core libs
 * report the reply pipeline through the PipelineMetrics port bound here.
 */
@Global()
@Module({})
export class PrometheusModule implements NestModule {
  static forRoot(options: PrometheusModuleOptions): DynamicModule {
    return {
      module: PrometheusModule,
      imports: [DiscoveryModule],
      controllers: [MetricsController],
      providers: [
        { provide: Metrics, useFactory: () => new Metrics() },
        { provide: PipelineMetrics, useFactory: (metrics: Metrics) => new PromPipelineMetrics(metrics), inject: [Metrics] },
        { provide: METRICS_TOKENS, useValue: options.tokens },
        ScrapeGauges,
        HttpMetricsMiddleware,
      ],
      exports: [Metrics, PipelineMetrics],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: MIDDLEWARE_CATCH_ALL.slice(1), method: RequestMethod.ALL });
  }
}
