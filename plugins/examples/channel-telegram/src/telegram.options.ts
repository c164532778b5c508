import type { AllowedHost } from '@confab/net';

export const TELEGRAM_OPTIONS = Symbol('TELEGRAM_OPTIONS');

/** Installation settings, given by the composition root (apps/server/src/plugins.ts). */
export interface TelegramModuleOptions {
  /** Internal hosts a connection's apiBaseUrl may point to anyway (OUTBOUND_ALLOWED_HOSTS). */
  allowedHosts: AllowedHost[];
}

export const TELEGRAM_API = 'https://api.telegram.org';
