export * from './entities/webhook.entities';
export * from './webhooks.options';
export * from './webhooks.module';
export * from './delivery/webhook-dispatcher';

import { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from './entities/webhook.entities';
export const webhooksEntities = [WebhookEndpoint, WebhookDelivery, WebhookAttempt];
