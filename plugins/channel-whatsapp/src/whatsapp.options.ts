import type { WhatsAppPriceRow } from './wire/pricing';

export const WHATSAPP_OPTIONS = Symbol('WHATSAPP_OPTIONS');

export interface WhatsAppModuleOptions {
  /** Rate card for template messages; defaults to the illustrative built-in rows (override with Meta's rates). */
  priceRows?: readonly WhatsAppPriceRow[];
}
