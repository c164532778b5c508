import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { createTenant, type ApiClient, type TestServer } from '@confab/server-test-support';
import type { Login } from './seed';

export interface KnowledgeTenant {
  tenantId: string;
  api: ApiClient;
  operators: { admin: Login; viewer: Login };
}

/** A tenant with no knowledge yet and an admin and a viewer operator, made through the API as an admin would. */
export async function seedKnowledgeTenant(server: TestServer, tag: string): Promise<KnowledgeTenant> {
  const { id: tenantId, api } = await createTenant(server.url, server.platformKey, `Harbor Bikes ${tag}`);
  const make = async (role: 'admin' | 'viewer', name: string): Promise<Login> => {
    const login = { email: `${role}-kb-${tag}@example.com`, password: `pw-${role}-kb-${tag}-long-enough`, name };
    const res = await api.post('/api/v1/operators', { email: login.email, name, role, password: login.password });
    if (res.status !== 201) throw new Error(`operator ${role}: ${res.status} ${JSON.stringify(res.body)}`);
    return login;
  };
  return { tenantId, api, operators: { admin: await make('admin', 'Ada Admin'), viewer: await make('viewer', 'Vic Viewer') } };
}

/**
 * Drops files on an element the way a browser delivers a drag and drop from the desktop: a `drop` event whose
 * DataTransfer carries File objects.
 */
export async function dropFiles(page: Page, target: Locator, files: Array<{ name: string; type: string; data: Buffer }>): Promise<void> {
  const list = JSON.stringify(files.map((f) => ({ name: f.name, type: f.type, base64: f.data.toString('base64') })));
  // A string, because this runs in the page (DataTransfer and File are the browser's, not Node's).
  const transfer = await page.evaluateHandle(`(() => {
    const dt = new DataTransfer();
    for (const f of ${list}) dt.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
    return dt;
  })()`);
  await target.dispatchEvent('dragenter', { dataTransfer: transfer });
  await target.dispatchEvent('drop', { dataTransfer: transfer });
}

/** Screenshots of this area go where the helper that wrote it looks at them. */
export async function shot(page: Page, name: string, dir = process.env.SHOTS_DIR ?? '/tmp/shots-dash-knowledge', fullPage = true): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  // From the top: a full-page capture of a scrolled page draws the fixed header where the viewport was.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** The knowledge library's parsing fixtures (a Markdown help page, an encrypted PDF, ...). */
export const knowledgeFixture = (name: string): Buffer => readFileSync(join(__dirname, '../../../../libs/knowledge/src/ingestion/__fixtures__', name));
