import { type DynamicModule, Module } from '@nestjs/common';
import { MetricsAdminController, MetricsController } from './http/metrics.controller';
import { MetricsPool } from './metrics-pool';
import { METRICS_DEFAULTS, METRICS_OPTIONS, type MetricsOptions } from './metrics.options';
import { MetricsProjector } from './projector/metrics-projector';
import { MetricsQuery } from './query/metrics-query';

/** The metrics read-model: the projector (worker role) that rolls the event log up, and the API that reads it. */
@Module({})
export class MetricsModule {
  static forRoot(options: Pick<MetricsOptions, 'databaseUrl' | 'worker'> & Partial<MetricsOptions>): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsController, MetricsAdminController],
      providers: [{ provide: METRICS_OPTIONS, useValue: { ...METRICS_DEFAULTS, ...options } }, MetricsPool, MetricsProjector, MetricsQuery],
      exports: [MetricsProjector, MetricsQuery],
    };
  }
}
