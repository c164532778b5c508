import { type DynamicModule, Module } from '@nestjs/common';
import { TelegramChannel } from './telegram-channel';
import { TelegramWebhookController } from './telegram-webhook.controller';
import { TELEGRAM_OPTIONS, type TelegramModuleOptions } from './telegram.options';
import { TelegramSettings } from './telegram.settings';
import { PluginSettings } from '@confab/plugin-sdk';

/** Loading the module is all it takes: the registry discovers the @Channel provider, the server reads its settings. */
@PluginSettings(TelegramSettings)
@Module({})
export class TelegramChannelModule {
  static forRoot(options: TelegramModuleOptions): DynamicModule {
    return { module: TelegramChannelModule, providers: [TelegramChannel, { provide: TELEGRAM_OPTIONS, useValue: options }], controllers: [TelegramWebhookController] };
  }
}
