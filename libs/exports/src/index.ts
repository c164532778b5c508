export * from './exports.options';
export * from './exports.module';
export * from './export.service';
export { ExportJobs } from './jobs/export-jobs.service';
export * from './format/format-options';
export * from './query/export-columns';
export * from './query/export-query';

import { ExportJob } from './jobs/export-job.entity';
export { ExportJob };
export const exportsEntities = [ExportJob];
