export { TelegramChannelModule } from './telegram.module';
export { TelegramChannel, TELEGRAM_TYPE } from './telegram-channel';
export { TelegramConnectionConfig } from './telegram.config';
export { toInboundMessage, CHAT_IDENTITY, type TelegramUpdate } from './telegram-update';
export type { TelegramModuleOptions } from './telegram.options';
export { TelegramSettings } from './telegram.settings';
