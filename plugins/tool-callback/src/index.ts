export * from './request-callback.tool';
export * from './request-callback.config';
export * from './tool-callback.module';
export * from './schedule-follow-up.tool';
