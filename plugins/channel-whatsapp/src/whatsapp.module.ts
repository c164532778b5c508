import { type DynamicModule, Module } from '@nestjs/common';
import { WhatsAppChannel } from './whatsapp-channel';
import { WhatsAppWebhookController } from './whatsapp-webhook.controller';
import { WhatsAppAdminController } from './whatsapp-admin.controller';
import { WHATSAPP_OPTIONS, type WhatsAppModuleOptions } from './whatsapp.options';
import { WhatsAppSettings } from './whatsapp.settings';
import { PluginSettings } from '@confab/plugin-sdk';

@PluginSettings(WhatsAppSettings)
@Module({})
export class WhatsAppChannelModule {
  /** `options.priceRows` wins over WHATSAPP_PRICES_FILE; without either, the built-in illustrative card applies. */
  static forRoot(options: WhatsAppModuleOptions = {}): DynamicModule {
    return {
      module: WhatsAppChannelModule,
      providers: [
        WhatsAppChannel,
        {
          provide: WHATSAPP_OPTIONS,
          // Optional: loaded without the server (a test module), the plugin runs on its defaults.
          inject: [{ token: WhatsAppSettings.token, optional: true }],
          useFactory: (settings?: typeof WhatsAppSettings.values): WhatsAppModuleOptions => ({ ...options, priceRows: options.priceRows ?? settings?.priceRows }),
        },
      ],
      controllers: [WhatsAppWebhookController, WhatsAppAdminController],
    };
  }
}
