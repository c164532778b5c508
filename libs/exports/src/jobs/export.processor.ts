import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { EXPORT_QUEUE } from '../exports.options';
import { ExportJobs, type ExportJobData } from './export-jobs.service';

/** One export at a time per worker: each holds a database connection and a cursor for its whole run. */
@Processor(EXPORT_QUEUE)
export class ExportProcessor {
  constructor(private readonly jobs: ExportJobs) {}

  @Process({ concurrency: 1 })
  async handle(job: Job<ExportJobData>): Promise<void> {
    await this.jobs.run(job.data);
  }
}
