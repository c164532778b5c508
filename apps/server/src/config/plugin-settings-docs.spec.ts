import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { definePluginSettings, setting } from '@confab/plugin-sdk';
import { pluginSettingsDefinitions } from '../plugins';
import { renderDocsTable, renderEnvExampleBlock, replaceGeneratedBlock, ENV_EXAMPLE_MARKERS } from './plugin-settings-docs';

const ROOT = resolve(__dirname, '../../../..');

describe("the plugins' settings in .env.example and docs/configuration.md", () => {
  it('are current with the declarations (run `npm run -s config:docs` after changing one)', () => {
    const definitions = pluginSettingsDefinitions('all');
    expect(readFileSync(resolve(ROOT, '.env.example'), 'utf8')).toContain(renderEnvExampleBlock(definitions));
    expect(readFileSync(resolve(ROOT, 'docs/configuration.md'), 'utf8')).toContain(renderDocsTable(definitions));
    expect(renderDocsTable(definitions)).toContain('| `WHATSAPP_PRICES_FILE` | `channel-whatsapp` | unset |');
  });

  it('show defaults, mark required and secret settings, and never print a secret default', () => {
    const Crm = definePluginSettings('tool-crm', 'CRM_', {
      url: setting.url({ env: 'CRM_URL', description: 'Where the CRM answers', required: true }),
      token: setting.string({ env: 'CRM_TOKEN', description: 'API token', secret: true, default: 'do-not-print' }),
      timeoutMs: setting.integer({ env: 'CRM_TIMEOUT_MS', description: 'Per request', min: 100, max: 9000, default: 5000 }),
    });
    const env = renderEnvExampleBlock([Crm]);
    expect(env.split('\n').slice(1, -1)).toEqual([
      '# tool-crm',
      '# Where the CRM answers (http(s) URL, required).',
      'CRM_URL=',
      '# API token (text, secret).',
      '# CRM_TOKEN=',
      '# Per request (integer 100-9000).',
      '# CRM_TIMEOUT_MS=5000',
    ]);
    expect(renderDocsTable([Crm])).toContain('| `CRM_TOKEN` | `tool-crm` | built in | API token. Text; secret: never logged or shown. |');
    expect(renderDocsTable([Crm]) + env).not.toContain('do-not-print');
    expect(() => replaceGeneratedBlock('no markers', ENV_EXAMPLE_MARKERS, env)).toThrow(/markers are missing/);
  });
});
