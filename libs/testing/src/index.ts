export * from './fake-openai';
export * from './db/test-database';
export * from './eventually';
