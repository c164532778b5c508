export * from './fake-openai';
export * from './db/test-database';
export * from './eventually';
export * from './webhook-receiver/webhook-receiver';
export * from './fake-whatsapp';
