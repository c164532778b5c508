import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPrices } from './app-config';
import { ConfigError, parseEnv } from './env';

describe('configuration', () => {
  it('applies defaults and converts numbers', () => {
    const env = parseEnv({ PORT: '8080', REPLY_DEBOUNCE_MS: '0' });
    expect(env).toMatchObject({ PORT: 8080, ROLE: 'all', REPLY_DEBOUNCE_MS: 0, DATA_DIR: '.confab', LOG_FORMAT: 'json' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('stops with every bad variable named, and treats empty values as unset', () => {
    expect(() => parseEnv({ PORT: 'eighty', ROLE: 'boss', OPENAI_BASE_URL: 'not a url' })).toThrow(ConfigError);
    try {
      parseEnv({ PORT: 'eighty', ROLE: 'boss', OPENAI_BASE_URL: 'not a url' });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT="eighty"/);
      expect((err as Error).message).toMatch(/ROLE="boss"/);
      expect((err as Error).message).toMatch(/OPENAI_BASE_URL/);
    }
    expect(parseEnv({ OPENAI_API_KEY: '', DATABASE_URL: '' }).OPENAI_API_KEY).toBeUndefined();
  });

  it('merges a prices file into the built-in table and rejects malformed rows by number', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prices-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify([{ model: 'llama3', effectiveFrom: '2026-01-01', currency: 'USD', inputPerMTok: 0.1, outputPerMTok: 0.2 }]));
    const rows = loadPrices(good);
    expect(rows.find((r) => r.model === 'llama3')).toBeDefined();
    expect(rows.find((r) => r.model === 'gpt-4o-mini')).toBeDefined();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ model: 'x', effectiveFrom: 'yesterday', currency: 'USD', inputPerMTok: -1 }]));
    expect(() => loadPrices(bad)).toThrow(/row 0/);
  });
});
