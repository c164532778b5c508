import { type DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bull';
import { WebhooksController } from './http/webhooks.controller';
import { WebhookEndpointService } from './webhook-endpoint.service';
import { WebhookDispatcher } from './delivery/webhook-dispatcher';
import { WebhookDeliveryProcessor } from './delivery/webhook-delivery.processor';
import { LifecycleWebhooksHandler } from './delivery/lifecycle-webhooks.handler';
import { BudgetWebhooksHandler } from './delivery/budget-webhooks.handler';
import { AlertWebhooksHandler } from './delivery/alert-webhooks.handler';
import { WEBHOOK_QUEUE, WEBHOOKS_OPTIONS, type WebhooksOptions } from './webhooks.options';

@Module({})
export class WebhooksModule {
  static forRoot(options: WebhooksOptions): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [BullModule.registerQueue({ name: WEBHOOK_QUEUE })],
      controllers: [WebhooksController],
      providers: [
        { provide: WEBHOOKS_OPTIONS, useValue: options },
        WebhookEndpointService,
        WebhookDispatcher,
        LifecycleWebhooksHandler,
        BudgetWebhooksHandler,
        AlertWebhooksHandler,
        ...(options.worker ? [WebhookDeliveryProcessor] : []),
      ],
      exports: [WebhookDispatcher],
    };
  }
}
