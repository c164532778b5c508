export * from './monitoring.module';
export * from './monitoring.options';
export * from './unanswered/unanswered-reason';
export * from './unanswered/unanswered.query';
export * from './trace/pipeline-trace';
export * from './trace/trace.query';
