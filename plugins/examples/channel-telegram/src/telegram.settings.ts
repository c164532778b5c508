import { definePluginSettings, setting } from '@confab/plugin-sdk';
import { TELEGRAM_API } from './telegram.options';

/**
 * The installation's settings of this channel (from the environment, for every tenant; per-connection settings are
 * TelegramConnectionConfig). The server reads and checks them at start and lists them in docs/configuration.md.
 */
export const TelegramSettings = definePluginSettings('example-channel-telegram', 'TELEGRAM_', {
  apiBaseUrl: setting.url({
    env: 'TELEGRAM_API_BASE_URL',
    description: "The Bot API every connection uses unless it names its own apiBaseUrl (a local Bot API server); internal hosts need OUTBOUND_ALLOWED_HOSTS",
    default: TELEGRAM_API,
  }),
});
