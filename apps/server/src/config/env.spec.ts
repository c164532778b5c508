import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPrices, parseTrustProxy, rateLimitDefaults } from './app-config';
import { ConfigError, parseEnv } from './env';

describe('configuration', () => {
  it('applies defaults and converts numbers', () => {
    const env = parseEnv({ PORT: '8080', REPLY_DEBOUNCE_MS: '0' });
    expect(env).toMatchObject({ PORT: 8080, ROLE: 'all', REPLY_DEBOUNCE_MS: 0, DATA_DIR: '.confab' });
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

  it('stops on a malformed allowed-hosts entry, naming the variable and the entry', () => {
    const message = (raw: NodeJS.ProcessEnv) => {
      try {
        parseEnv(raw);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      throw new Error('parseEnv accepted a bad configuration');
    };
    const both = message({ HTTP_TOOLS_ALLOWED_HOSTS: 'intranet.example,orders:80a', OUTBOUND_ALLOWED_HOSTS: 'hooks.internal, https://crm.internal' });
    expect(both).toMatch(/HTTP_TOOLS_ALLOWED_HOSTS="intranet.example,orders:80a": entry "orders:80a" has a port/);
    expect(both).toMatch(/OUTBOUND_ALLOWED_HOSTS="hooks.internal, https:\/\/crm.internal": entry "https:\/\/crm.internal" is a URL/);
    expect(message({ PORT: 'eighty', OUTBOUND_ALLOWED_HOSTS: '[::1' })).toMatch(/PORT="eighty"[\s\S]*OUTBOUND_ALLOWED_HOSTS="\[::1": entry "\[::1" has no closing/);
    expect(parseEnv({ HTTP_TOOLS_ALLOWED_HOSTS: 'intranet.example, 10.0.0.5:8080,[::1]:3000', OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' }).HTTP_TOOLS_ALLOWED_HOSTS).toBe(
      'intranet.example, 10.0.0.5:8080,[::1]:3000',
    );
  });

  it('turns a missing or malformed prices file into a ConfigError naming the variable and the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prices-'));
    const missing = join(dir, 'missing.json');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '[{"model": "llama3",');
    const cases: Array<[() => unknown, RegExp]> = [
      [() => loadPrices(missing), /^MODEL_PRICES_FILE=\S*missing\.json: no such file$/],
      [() => loadPrices(broken), /^MODEL_PRICES_FILE=\S*broken\.json: the file is not valid JSON \(.+\)$/],
      [() => loadPrices(dir), /^MODEL_PRICES_FILE=\S*prices-\w+: the file cannot be read \(EISDIR\)$/],
    ];
    for (const [load, message] of cases) {
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(message);
    }
    expect(() => loadPrices('no-such-prices.json')).toThrow(/^MODEL_PRICES_FILE=no-such-prices\.json \(\/\S+\/no-such-prices\.json\): no such file$/);
  });

  it('reads the rate limits with their documented defaults, 0 to turn one off, and TRUST_PROXY as hops or a list', () => {
    expect(rateLimitDefaults(parseEnv({}))).toEqual({
      apiKeyPerMinute: 100, apiKeyBurstPer10s: 20, tenantPerMinute: 300, tenantBurstPer10s: 60,
      customerPerMinute: 30, connectionPerMinute: 600, authFailuresPerMinute: 20, webhookFailuresPerMinute: 20, signInPerMinute: 10,
      sessionPerMinute: 1200, sessionBurstPer10s: 300,
    });
    expect(rateLimitDefaults(parseEnv({ RATE_LIMIT_API_KEY_BURST: '0' })).apiKeyBurstPer10s).toBe(0);
    expect(() => parseEnv({ RATE_LIMIT_CUSTOMER_PER_MINUTE: '-1', RATE_LIMIT_API_KEY_PER_MINUTE: 'lots' })).toThrow(/RATE_LIMIT_API_KEY_PER_MINUTE="lots"[\s\S]*RATE_LIMIT_CUSTOMER_PER_MINUTE="-1"/);
    expect(parseTrustProxy(parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY)).toBe(1);
    expect(parseTrustProxy(parseEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY)).toBe('loopback, 10.0.0.0/8');
    expect(parseTrustProxy(parseEnv({}).TRUST_PROXY)).toBeUndefined();
    expect(() => parseEnv({ TRUST_PROXY: 'proxy;rm' })).toThrow(/TRUST_PROXY/);
  });
});
