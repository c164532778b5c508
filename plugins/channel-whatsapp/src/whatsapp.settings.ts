import { definePluginSettings, setting, SettingProblem } from '@confab/plugin-sdk';
import type { WhatsAppPriceRow } from './wire/pricing';

const CATEGORIES = ['marketing', 'utility', 'authentication', 'authentication_international'];

/** Operators replace the illustrative rate card with Meta's: a malformed file stops the start instead of mispricing. */
function checkPriceRows(json: unknown): WhatsAppPriceRow[] {
  const rows = json as WhatsAppPriceRow[];
  const bad = (r: WhatsAppPriceRow) =>
    !r || !CATEGORIES.includes(r.category) || typeof r.pricePerMessage !== 'number' || r.pricePerMessage < 0 || !Array.isArray(r.callingCodes) || !/^\d{4}-\d{2}-\d{2}$/.test(r.effectiveFrom);
  if (!Array.isArray(rows) || rows.some(bad)) {
    throw new SettingProblem('must hold a JSON array of {market, callingCodes, category, currency, pricePerMessage, effectiveFrom}');
  }
  return rows;
}

/** The WhatsApp plugin's platform-wide settings (docs/configuration.md lists them with the server's). */
export const WhatsAppSettings = definePluginSettings('channel-whatsapp', 'WHATSAPP_', {
  priceRows: setting.jsonFile({
    env: 'WHATSAPP_PRICES_FILE',
    description:
      "WhatsApp template rates, a JSON array of {market, callingCodes, category, currency, pricePerMessage, effectiveFrom} replacing the plugin's illustrative card; use Meta's current rates (docs/channels/whatsapp.md#5-costs)",
    example: './whatsapp-prices.json',
    check: checkPriceRows,
  }),
});
