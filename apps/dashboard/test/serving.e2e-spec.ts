import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestServer } from '@confab/server-test-support';
import { DASHBOARD_DIST, startDashboardServer } from './support/dashboard-server';

const PAGE = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** How the server hands out the built dashboard: files, SPA fallback, caching, CSP, and what it leaves alone. */
describe('the server serves the dashboard', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startDashboardServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers every page the browser navigates to with index.html, revalidated, under a strict CSP', async () => {
    for (const path of ['/', '/chats', '/chats/8d5e5f0e-0000-4000-8000-000000000000?x=1', '/login', '/invite/abc', '/test-chat', '/metrics']) {
      const res = await fetch(`${server.url}${path}`, { headers: PAGE });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(await res.text()).toContain('<div id="root"></div>');
    }
  });

  it('caches hashed assets for a year and other files briefly', async () => {
    const asset = readdirSync(join(DASHBOARD_DIST, 'assets')).find((f) => f.endsWith('.js'))!;
    const js = await fetch(`${server.url}/assets/${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const icon = await fetch(`${server.url}/favicon.svg`);
    expect(icon.headers.get('cache-control')).toBe('public, max-age=300');
    // A missing asset is a 404, never index.html (a stale tab must not run HTML as a script).
    const missing = await fetch(`${server.url}/assets/nope-123.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/json/);
  });

  it('leaves the API, /docs, /health, /widget and the Prometheus scrape alone', async () => {
    const api = await fetch(`${server.url}/api/v1/nope`, { headers: PAGE });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/json/);
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    expect((await fetch(`${server.url}/health`)).headers.get('content-type')).toMatch(/json/);
    expect(await (await fetch(`${server.url}/docs`, { headers: PAGE })).text()).toContain('swagger');
    expect((await fetch(`${server.url}/widget.js`, { headers: PAGE })).headers.get('content-type') ?? '').not.toMatch(/html/);
    // A scraper (bearer token, text/plain) gets the metrics; a browser gets the page.
    const scrape = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${server.platformKey}`, accept: 'text/plain;version=0.0.4;q=0.9,*/*;q=0.1' } });
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain('confab_');
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    // An API client asking for an unknown path gets JSON, not the app.
    const unknown = await fetch(`${server.url}/nowhere`, { headers: { accept: 'application/json' } });
    expect(unknown.status).toBe(404);
  });

  it('has a committed API schema that matches the running server\'s OpenAPI document (else: npm run dashboard:api)', async () => {
    const doc = await (await fetch(`${server.url}/docs/openapi.json`)).text();
    const dir = mkdtempSync(join(tmpdir(), 'confab-schema-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), doc);
      const root = join(__dirname, '../../..');
      const run = spawnSync(join(root, 'node_modules/.bin/openapi-typescript'), [join(dir, 'openapi.json'), '-o', join(dir, 'schema.d.ts')], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      const fresh = readFileSync(join(dir, 'schema.d.ts'), 'utf8');
      const committed = readFileSync(join(root, 'apps/dashboard/src/api/schema.d.ts'), 'utf8');
      // Compared whole; on a mismatch, name the first differing line rather than dumping 5000 lines.
      if (fresh !== committed) {
        const a = committed.split('\n');
        const b = fresh.split('\n');
        const line = a.findIndex((l, i) => l !== b[i]);
        throw new Error(`apps/dashboard/src/api/schema.d.ts is stale; run "npm run dashboard:api". First difference at line ${line + 1}:\n- ${a[line]}\n+ ${b[line]}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
