import type { AllowedHost } from '@confab/net';
import type { WhatsAppPriceRow } from './wire/pricing';

export const WHATSAPP_OPTIONS = Symbol('WHATSAPP_OPTIONS');

export interface WhatsAppModuleOptions {
  /** Rate card for template messages: WHATSAPP_PRICES_FILE (WhatsAppSettings), else the illustrative built-in rows. */
  priceRows?: readonly WhatsAppPriceRow[];
  /**
   * Internal hosts a connection's graphApiBaseUrl (and the media URLs it hands out) may reach: the platform's
   * OUTBOUND_ALLOWED_HOSTS. Everything private, loopback, link-local or metadata is refused otherwise.
   */
  allowedHosts?: readonly AllowedHost[];
}
