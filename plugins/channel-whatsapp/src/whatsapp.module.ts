import { type DynamicModule, Module } from '@nestjs/common';
import { WhatsAppChannel } from './whatsapp-channel';
import { WhatsAppWebhookController } from './whatsapp-webhook.controller';
import { WhatsAppAdminController } from './whatsapp-admin.controller';
import { WHATSAPP_OPTIONS, type WhatsAppModuleOptions } from './whatsapp.options';

@Module({})
export class WhatsAppChannelModule {
  static forRoot(options: WhatsAppModuleOptions = {}): DynamicModule {
    return {
      module: WhatsAppChannelModule,
      providers: [WhatsAppChannel, { provide: WHATSAPP_OPTIONS, useValue: options }],
      controllers: [WhatsAppWebhookController, WhatsAppAdminController],
    };
  }
}
