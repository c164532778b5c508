import { type DynamicModule, Module } from '@nestjs/common';
import { MonitoringController } from './http/monitoring.controller';
import { MONITORING_DEFAULTS, MONITORING_OPTIONS, type MonitoringOptions } from './monitoring.options';
import { TraceQuery } from './trace/trace.query';
import { UnansweredQuery } from './unanswered/unanswered.query';

/** The unanswered queue and the pipeline trace: read-only views over what the reply pipeline records. */
@Module({})
export class MonitoringModule {
  static forRoot(options: Partial<MonitoringOptions> = {}): DynamicModule {
    return {
      module: MonitoringModule,
      controllers: [MonitoringController],
      providers: [{ provide: MONITORING_OPTIONS, useValue: { ...MONITORING_DEFAULTS, ...options } }, UnansweredQuery, TraceQuery],
      exports: [UnansweredQuery, TraceQuery],
    };
  }
}
