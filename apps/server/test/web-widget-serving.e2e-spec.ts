import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { printFirstStartBanner } from '../src/bootstrap/first-start-banner';
import { seedDemo } from '../src/seed/demo-seed';
import { apiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

/** A stand-in for the built bundle: reads the widget's config and starts a session, then shows what it got. */
const PROBE_BUNDLE = `(() => {
  const script = document.currentScript;
  const key = script.dataset.key;
  const base = new URL(script.src).origin;
  (async () => {
    const config = await (await fetch(base + '/api/v1/widget/' + key + '/config')).json();
    const session = await fetch(base + '/api/v1/widget/' + key + '/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const probe = document.createElement('p');
    probe.id = 'probe';
    probe.textContent = config.title + '|' + session.status;
    document.body.append(probe);
  })();
})();
`;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The bundle with its caching rules, the demo page with its CSP, the seed's demo widget and the banner line. */
describe('Web widget: bundle, demo page and first run', () => {
  let server: TestServer;
  let browser: Browser | undefined;
  let bundleDir: string;
  let publicUrl: string;

  beforeAll(async () => {
    bundleDir = mkdtempSync(join(tmpdir(), 'confab-widget-bundle-'));
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    server = await startTestServer({ port, publicUrl, widgetBundleDir: bundleDir });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(bundleDir, { recursive: true, force: true });
  });

  it('says how to build the bundle while it is missing', async () => {
    const res = await fetch(`${server.url}/widget.js`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { message: string }).message).toBe('widget bundle not built: run npm run build:widget');
  });

  it('serves the bundle with an ETag, short caching, immutable versioned URLs and cross-origin loading', async () => {
    writeFileSync(join(bundleDir, 'widget.js'), PROBE_BUNDLE);
    const res = await fetch(`${server.url}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(await res.text()).toBe(PROBE_BUNDLE);
    expect((await fetch(`${server.url}/widget.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);

    const version = etag.slice(1, -1);
    const pinned = await fetch(`${server.url}/widget/${version}.js`);
    expect(pinned.status).toBe(200);
    expect(pinned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${server.url}/widget/0000000000000000.js`)).status).toBe(404);

    // A rebuild is served at once, under a new version.
    writeFileSync(join(bundleDir, 'widget.js'), `${PROBE_BUNDLE}\n// rebuilt\n`);
    const rebuilt = await fetch(`${server.url}/widget.js`, { headers: { 'if-none-match': etag } });
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.headers.get('etag')).not.toBe(etag);
    writeFileSync(join(bundleDir, 'widget.js'), PROBE_BUNDLE);
  });

  it('shows the demo widget on /widget-demo after the first-run seed, under a CSP that lets it run', async () => {
    expect((await fetch(`${server.url}/widget-demo`)).status).toBe(404);
    const seed = await seedDemo(server.app, 'gpt-4o-mini', publicUrl);
    expect(seed?.widgetPublicKey).toMatch(/^wk_/);
    const channels = (await apiClient(server.url, seed!.apiKey).get('/api/v1/channels')).body;
    expect(channels.find((c: any) => c.type === 'web_widget')).toMatchObject({ name: 'Demo widget', publicKey: seed!.widgetPublicKey, config: { allowedOrigins: [publicUrl, publicUrl.replace('127.0.0.1', 'localhost')] } });

    const res = await fetch(`${server.url}/widget-demo`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<script src="${publicUrl}/widget.js" data-key="${seed!.widgetPublicKey}" async></script>`);
    expect(res.headers.get('content-security-policy')).toContain(`script-src 'self' ${publicUrl}`);

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to|CORS/i.test(msg.text())) violations.push(msg.text());
    });
    await page.goto(`${publicUrl}/widget-demo`);
    await expect(page.locator('#probe').textContent({ timeout: 10_000 })).resolves.toBe('Confab Demo Bakery|201');
    expect(violations).toEqual([]);
  });

  it('prints the widget demo with the other first-run lines', () => {
    let out = '';
    printFirstStartBanner({ write: (s: string) => (out += s), isTTY: true }, { publicUrl: 'https://confab.example', dataDir: bundleDir, demo: { apiKey: 'cfb_x', assistantId: 'a1', widgetDemo: true } });
    expect(out).toContain('Widget demo:   https://confab.example/widget-demo');
  });
});
