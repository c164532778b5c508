export * from './describe-channel-contract';
export * from './describe-tool-contract';
export * from './tool-context.fake';
export * from './rate-limits.fake';
