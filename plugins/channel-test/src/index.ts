export * from './test-channel';
export * from './test-channel.module';
