export * from './metrics.module';
export * from './metrics.options';
export * from './metrics-pool';
export * from './projector/metrics-projector';
export * from './query/metrics-query';
export * from './histogram/log-histogram';
export * from './alerts/alert.events';
