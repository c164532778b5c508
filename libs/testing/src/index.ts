export * from './fake-openai';
export * from './db/test-database';
export * from './eventually';
export * from './webhook-receiver/webhook-receiver';
export * from './fake-whatsapp';
export * from './fake-qdrant';
export * from './fake-website/fake-website';
export * from './stub-server';
