import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EXPORTS_OPTIONS, type ExportsOptions } from '../exports.options';
import { ExportJobs } from './export-jobs.service';

/** Deletes finished export files once their link has expired, so exports do not pile up on disk. */
@Injectable()
export class ExportSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Exports');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly jobs: ExportJobs,
    @Inject(EXPORTS_OPTIONS) private readonly options: ExportsOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.jobs.sweep().catch((err) => this.logger.error(`Export sweep failed: ${(err as Error).message}`)), this.options.sweepEveryMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
