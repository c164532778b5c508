import { type DynamicModule, Module } from '@nestjs/common';
import { MetricsAdminController, MetricsController } from './http/metrics.controller';
import { MetricsPool } from './metrics-pool';
import { METRICS_DEFAULTS, METRICS_OPTIONS, type MetricsOptions } from './metrics.options';
import { MetricsProjector } from './projector/metrics-projector';
import { MetricsQuery } from './query/metrics-query';
import { BullModule } from '@nestjs/bull';
import { AlertRulesController } from './alerts/alert-rules.controller';
import { AlertRulesService } from './alerts/alert-rules.service';
import { AlertEvaluator } from './alerts/alert-evaluator';
import { ALERT_EVALUATION_QUEUE, AlertEvaluationProcessor, AlertEvaluationScheduler } from './alerts/alert-evaluation.processor';

/** The metrics read-model: the projector (worker role) that rolls the event log up, and the API that reads it. */
@Module({})
export class MetricsModule {
  static forRoot(options: Pick<MetricsOptions, 'databaseUrl' | 'worker'> & Partial<MetricsOptions>): DynamicModule {
    return {
      module: MetricsModule,
      imports: [BullModule.registerQueue({ name: ALERT_EVALUATION_QUEUE })],
      controllers: [MetricsController, MetricsAdminController, AlertRulesController],
      providers: [
        { provide: METRICS_OPTIONS, useValue: { ...METRICS_DEFAULTS, ...options } }, MetricsPool, MetricsProjector, MetricsQuery,
        AlertRulesService, AlertEvaluator,
        // The schedule and its evaluation run in workers; the API role only serves the rules.
        ...(options.worker ? [AlertEvaluationScheduler, AlertEvaluationProcessor] : []),
      ],
      exports: [MetricsProjector, MetricsQuery, AlertEvaluator],
    };
  }
}
