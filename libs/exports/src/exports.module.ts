import { type DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bull';
import { ExportService } from './export.service';
import { EXPORT_QUEUE, EXPORTS_OPTIONS, type ExportsOptions } from './exports.options';
import { ExportsController } from './http/exports.controller';
import { ExportJobs } from './jobs/export-jobs.service';
import { ExportProcessor } from './jobs/export.processor';
import { ExportSweeper } from './jobs/export-sweeper';

/** Streamed and background exports of the conversations list's filtered set (C7, X5). */
@Module({})
export class ExportsModule {
  static forRoot(options: ExportsOptions): DynamicModule {
    return {
      module: ExportsModule,
      imports: [BullModule.registerQueue({ name: EXPORT_QUEUE })],
      controllers: [ExportsController],
      providers: [
        { provide: EXPORTS_OPTIONS, useValue: options },
        ExportService,
        ExportJobs,
        ...(options.worker ? [ExportProcessor, ExportSweeper] : []),
      ],
      exports: [ExportService],
    };
  }
}
