import { chromium, type Browser } from 'playwright-core';
import { startTestServer, type TestServer } from './support/test-server';

describe('security headers', () => {
  let server: TestServer;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sends helmet headers and no X-Powered-By on API answers, errors and /docs', async () => {
    for (const path of ['/health', '/api/v1/assistants', '/api/v1/nope', '/docs', '/docs/openapi.json']) {
      const res = await fetch(`${server.url}${path}`);
      expect({ path, poweredBy: res.headers.get('x-powered-by') }).toEqual({ path, poweredBy: null });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('content-security-policy')).toBeTruthy();
    }
    const api = await fetch(`${server.url}/api/v1/assistants`);
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
  });

  it('still renders Swagger UI at /docs under its content security policy', async () => {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
    });
    const res = await page.goto(`${server.url}/docs`);
    expect(res?.status()).toBe(200);
    await expect(page.locator('.swagger-ui .info .title').first().textContent({ timeout: 15_000 })).resolves.toContain('Confab API');
    await page.locator('.opblock').first().waitFor({ timeout: 15_000 });
    expect(violations).toEqual([]);
  });
});
