import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pluginSettingsOf, readPluginSettings } from '@confab/plugin-sdk';
import { WhatsAppChannelModule } from './whatsapp.module';
import { WhatsAppSettings } from './whatsapp.settings';

describe('WhatsApp plugin settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wa-settings-'));
  const read = (file?: string) => readPluginSettings(WhatsAppSettings, { WHATSAPP_PRICES_FILE: file && join(dir, file) });

  it('are declared on the module, so the server finds them in the plugin list', () => {
    expect(pluginSettingsOf(WhatsAppChannelModule)).toBe(WhatsAppSettings);
    expect(pluginSettingsOf(WhatsAppChannelModule.forRoot())).toBe(WhatsAppSettings);
  });

  it('read the rate card file, or leave the built-in card when unset', () => {
    const rows = [{ market: 'DE', callingCodes: ['49'], category: 'utility', currency: 'USD', pricePerMessage: 0.055, effectiveFrom: '2025-07-01' }];
    writeFileSync(join(dir, 'good.json'), JSON.stringify(rows));
    expect(read('good.json')).toEqual({ values: { priceRows: rows }, issues: [] });
    expect(read()).toEqual({ values: { priceRows: undefined }, issues: [] });
  });

  it('name a missing, broken or malformed file', () => {
    writeFileSync(join(dir, 'broken.json'), '[{"market": "DE",');
    writeFileSync(join(dir, 'bad-row.json'), JSON.stringify([{ market: 'DE', callingCodes: ['49'], category: 'promo', currency: 'USD', pricePerMessage: 1, effectiveFrom: '2025-07-01' }]));
    writeFileSync(join(dir, 'negative.json'), JSON.stringify([{ market: 'DE', callingCodes: ['49'], category: 'utility', currency: 'USD', pricePerMessage: -1, effectiveFrom: '2025-07-01' }]));
    const line = (file: string) => read(file).issues.map((i) => i.line).join('\n');
    expect(line('missing.json')).toMatch(/^ {2}WHATSAPP_PRICES_FILE="\S*missing\.json": no such file$/);
    expect(line('broken.json')).toMatch(/^ {2}WHATSAPP_PRICES_FILE="\S*broken\.json": the file is not valid JSON/);
    for (const file of ['bad-row.json', 'negative.json']) expect(line(file)).toMatch(/: must hold a JSON array of \{market, callingCodes, category, currency, pricePerMessage, effectiveFrom\}$/);
  });
});
