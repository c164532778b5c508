export * from './api-channel';
export * from './api-channel.config';
export * from './api-channel.module';
export * from './callback-signature';
