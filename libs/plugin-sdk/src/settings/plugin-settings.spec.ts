import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { definePluginSettings, InjectPluginSettings, PluginSettings, pluginSettingsOf, providePluginSettings } from './define-plugin-settings';
import { readPluginSettings, redactPluginSettings, undeclaredUnderPrefix } from './read-plugin-settings';
import { setting, SettingProblem } from './setting-types';

/** A tool plugin's settings as a plugin author writes them. */
const CrmSettings = definePluginSettings('tool-crm', 'CRM_', {
  baseUrl: setting.url({ env: 'CRM_BASE_URL', description: 'Where the CRM answers', required: true }),
  apiToken: setting.string({ env: 'CRM_API_TOKEN', description: 'Bearer token for the CRM', secret: true, minLength: 8 }),
  timeoutMs: setting.integer({ env: 'CRM_TIMEOUT_MS', description: 'Per request', min: 100, max: 60_000, default: 5000 }),
  mode: setting.oneOf({ env: 'CRM_MODE', description: 'Which records', values: ['live', 'sandbox'] as const, default: 'live' }),
  audit: setting.boolean({ env: 'CRM_AUDIT', description: 'Log lookups', default: false }),
});

describe('plugin settings', () => {
  it('keeps every name under the plugin prefix', () => {
    expect(() => definePluginSettings('tool-x', 'X_', { a: setting.string({ env: 'OTHER_A', description: 'a' }) })).toThrow(
      "Plugin tool-x: setting a reads 'OTHER_A'; plugin settings are upper-case names under the prefix 'X_'",
    );
    expect(() => definePluginSettings('tool-x', 'x', {})).toThrow(/prefix 'x' must be upper-case/);
  });

  it('applies defaults when unset or empty and parses what is set', () => {
    const { values, issues } = readPluginSettings(CrmSettings, { CRM_BASE_URL: 'https://crm.example', CRM_API_TOKEN: '', CRM_AUDIT: 'yes' });
    expect(issues).toEqual([]);
    expect(values).toEqual({ baseUrl: 'https://crm.example', apiToken: undefined, timeoutMs: 5000, mode: 'live', audit: true });
    expect(readPluginSettings(CrmSettings, { CRM_BASE_URL: 'http://x', CRM_TIMEOUT_MS: '250', CRM_MODE: 'sandbox' }).values).toMatchObject({ timeoutMs: 250, mode: 'sandbox' });
  });

  it('names every bad variable with its value and rule, a secret without its value, and a missing required one', () => {
    const { issues } = readPluginSettings(CrmSettings, { CRM_API_TOKEN: 'short', CRM_TIMEOUT_MS: '5s', CRM_MODE: 'prod', CRM_AUDIT: 'maybe' });
    expect(issues.map((i) => i.line)).toEqual([
      '  CRM_BASE_URL: is required by tool-crm (Where the CRM answers)',
      '  CRM_API_TOKEN=(secret): must be at least 8 characters long',
      '  CRM_TIMEOUT_MS="5s": must be an integer number',
      '  CRM_MODE="prod": must be one of the following values: live, sandbox',
      '  CRM_AUDIT="maybe": must be true or false',
    ]);
    expect(readPluginSettings(CrmSettings, { CRM_BASE_URL: 'ftp://x', CRM_TIMEOUT_MS: '99' }).issues.map((i) => i.line)).toEqual([
      '  CRM_BASE_URL="ftp://x": must be an http or https URL',
      '  CRM_TIMEOUT_MS="99": must not be less than 100',
    ]);
  });

  it('reads a JSON file setting, naming a missing or malformed file', () => {
    const Files = definePluginSettings('tool-f', 'F_', {
      rows: setting.jsonFile({
        env: 'F_ROWS_FILE',
        description: 'rows',
        check: (json) => {
          if (!Array.isArray(json)) throw new SettingProblem('must hold a JSON array');
          return json as number[];
        },
      }),
    });
    const dir = mkdtempSync(join(tmpdir(), 'plugin-settings-'));
    writeFileSync(join(dir, 'good.json'), '[1,2]');
    writeFileSync(join(dir, 'object.json'), '{}');
    writeFileSync(join(dir, 'broken.json'), '[1,');
    const line = (file: string) => readPluginSettings(Files, { F_ROWS_FILE: join(dir, file) }).issues[0]?.line;
    expect(readPluginSettings(Files, { F_ROWS_FILE: join(dir, 'good.json') }).values).toEqual({ rows: [1, 2] });
    expect(readPluginSettings(Files, {}).values).toEqual({ rows: undefined });
    expect(line('missing.json')).toMatch(/^ {2}F_ROWS_FILE="\S+missing\.json": no such file$/);
    expect(line('broken.json')).toMatch(/^ {2}F_ROWS_FILE="\S+broken\.json": the file is not valid JSON \(.+\)$/);
    expect(line('object.json')).toMatch(/: must hold a JSON array$/);
  });

  it('finds variables under the prefix that the plugin does not declare (a typo of one it does)', () => {
    expect(undeclaredUnderPrefix(CrmSettings, { CRM_BASE_URL: 'https://x', CRM_TIMEOUT: '5', CRM_API_TOKN: 'x', OTHER: '1' })).toEqual(['CRM_API_TOKN', 'CRM_TIMEOUT']);
  });

  it('shows secrets only as set in a config dump', () => {
    const raw = { CRM_BASE_URL: 'https://crm.example', CRM_API_TOKEN: 'tok-very-secret', CRM_TIMEOUT_MS: '' };
    const shown = redactPluginSettings(CrmSettings, raw);
    expect(shown).toEqual({ CRM_BASE_URL: 'https://crm.example', CRM_API_TOKEN: '(secret, set)' });
    expect(JSON.stringify(shown)).not.toContain('tok-very-secret');
  });

  it("hands the values to the plugin's providers through its token, from the module's declaration", async () => {
    @Injectable()
    class CrmClient {
      constructor(@InjectPluginSettings(CrmSettings) readonly settings: typeof CrmSettings.values) {}
    }
    @PluginSettings(CrmSettings)
    @Module({ providers: [CrmClient] })
    class CrmToolModule {}
    const OtherSettings = definePluginSettings('tool-other', 'OTHER_', { mode: setting.string({ env: 'OTHER_MODE', description: 'm', default: 'a' }) });

    const definition = pluginSettingsOf(CrmToolModule)!;
    expect(definition).toBe(CrmSettings);
    expect(pluginSettingsOf({ module: CrmToolModule })).toBe(CrmSettings);
    const { values } = readPluginSettings(definition, { CRM_BASE_URL: 'https://crm.example' });
    // Two plugins' settings modules side by side: each keeps its own values.
    const ref = await Test.createTestingModule({
      imports: [providePluginSettings(definition, values), providePluginSettings(OtherSettings, { mode: 'b' }), CrmToolModule],
    }).compile();
    expect(ref.get(CrmClient).settings).toEqual({ baseUrl: 'https://crm.example', apiToken: undefined, timeoutMs: 5000, mode: 'live', audit: false });
    expect(ref.get(OtherSettings.token)).toEqual({ mode: 'b' });
  });
});
