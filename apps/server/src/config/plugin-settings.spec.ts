import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePluginSettings, setting } from '@confab/plugin-sdk';
import { pluginSettingsDefinitions } from '../plugins';
import { ConfigError, parseSettings } from './env';

const message = (raw: NodeJS.ProcessEnv, definitions = pluginSettingsDefinitions()) => {
  try {
    parseSettings(raw, definitions);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('parseSettings accepted a bad configuration');
};

describe("the plugins' settings at start", () => {
  it("collects the installed plugins' declarations from the plugin list, and only the enabled ones'", () => {
    expect(pluginSettingsDefinitions().map((d) => d.plugin)).toContain('channel-whatsapp');
    expect(pluginSettingsDefinitions('channel-test, tool-handoff').map((d) => d.plugin)).toEqual([]);
  });

  it('stops a start on a bad plugin setting with the same message as a bad server setting, naming both', () => {
    const text = message({ ROLE: 'boss', WHATSAPP_PRICES_FILE: '/nonexistent/prices.json' });
    expect(text).toBe('Bad configuration (see .env.example):\n  ROLE="boss": ROLE must be one of the following values: all, api, worker\n  WHATSAPP_PRICES_FILE="/nonexistent/prices.json": no such file');
    const dir = mkdtempSync(join(tmpdir(), 'wa-prices-'));
    writeFileSync(join(dir, 'rows.json'), JSON.stringify([{ market: 'DE', category: 'promo' }]));
    expect(message({ WHATSAPP_PRICES_FILE: join(dir, 'rows.json') })).toMatch(
      /^ {2}WHATSAPP_PRICES_FILE="\S+rows\.json": must hold a JSON array of \{market, callingCodes, category, currency, pricePerMessage, effectiveFrom\}$/m,
    );
  });

  it("hands each plugin its values by name, defaults when unset, and skips a disabled plugin's settings", () => {
    const dir = mkdtempSync(join(tmpdir(), 'wa-prices-'));
    const file = join(dir, 'prices.json');
    const rows = [{ market: 'DE', callingCodes: ['49'], category: 'utility', currency: 'USD', pricePerMessage: 0.05, effectiveFrom: '2026-01-01' }];
    writeFileSync(file, JSON.stringify(rows));
    expect(parseSettings({ WHATSAPP_PRICES_FILE: file }, pluginSettingsDefinitions()).plugins['channel-whatsapp']).toEqual({ priceRows: rows });
    expect(parseSettings({}, pluginSettingsDefinitions()).plugins['channel-whatsapp']).toEqual({ priceRows: undefined });
    // WhatsApp not enabled: its file is not read, so a stale path does not stop a server that never uses it.
    expect(parseSettings({ WHATSAPP_PRICES_FILE: '/nonexistent.json' }, pluginSettingsDefinitions('channel-test')).plugins).toEqual({});
  });

  it('refuses a plugin setting that takes a server setting or another plugin\'s name', () => {
    // The prefix rule alone does not keep a plugin off the server's names: METRICS_TOKEN is the server's.
    const Thief = definePluginSettings('tool-thief', 'METRICS_', { token: setting.string({ env: 'METRICS_TOKEN', description: 'mine' }) });
    const A = definePluginSettings('tool-a', 'SHARED_', { x: setting.string({ env: 'SHARED_X', description: 'x' }) });
    const B = definePluginSettings('tool-b', 'SHARED_', { x: setting.string({ env: 'SHARED_X', description: 'x' }) });
    expect(message({}, [Thief, A, B])).toBe(
      'Bad configuration (see .env.example):\n  METRICS_TOKEN: plugin tool-thief declares a setting the server itself reads; rename it\n  SHARED_X: declared by both plugin tool-a and plugin tool-b',
    );
  });
});
