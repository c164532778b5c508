import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_KEY_FILE, DEMO_PASSWORD_FILE, printFirstStartBanner, type BannerStream } from './first-start-banner';

const DEMO_KEY = 'cfb_demo_0123456789abcdefghijklmnop';
const PLATFORM_KEY = 'cfb_platform_zyxwvutsrqponmlkjihgfedcba';
const DEMO_PASSWORD = 'Pw_0123456789abcdefghij';

function capture(isTTY: boolean): BannerStream & { text: () => string } {
  const chunks: string[] = [];
  return { isTTY, write: (chunk: string) => chunks.push(chunk), text: () => chunks.join('') };
}

describe('first-start banner', () => {
  let dataDir: string;
  const facts = () => ({ publicUrl: 'http://localhost:3000', dataDir, platformAdminKey: PLATFORM_KEY, demo: { apiKey: DEMO_KEY, assistantId: 'a-1', dashboard: { email: 'demo@confab.local', password: DEMO_PASSWORD } } });

  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'confab-banner-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints both keys to a terminal, and writes no key file', () => {
    const out = capture(true);
    printFirstStartBanner(out, facts());
    expect(out.text()).toContain(`Demo tenant API key: ${DEMO_KEY}`);
    expect(out.text()).toContain(`Platform key:  ${PLATFORM_KEY}`);
    expect(out.text()).toContain(`-H "Authorization: Bearer ${DEMO_KEY}"`);
    expect(out.text()).toContain(`Dashboard:     http://localhost:3000/  sign in as demo@confab.local / ${DEMO_PASSWORD}`);
    expect(() => statSync(join(dataDir, DEMO_KEY_FILE))).toThrow();
    expect(() => statSync(join(dataDir, DEMO_PASSWORD_FILE))).toThrow();
  });

  it('never prints a key when standard output is not a terminal: the demo key goes to an owner-only file it names', () => {
    const out = capture(false);
    printFirstStartBanner(out, facts());
    const text = out.text();
    expect(text).not.toContain(DEMO_KEY);
    expect(text).not.toContain(PLATFORM_KEY);
    const file = join(dataDir, DEMO_KEY_FILE);
    expect(text).toContain(`Demo tenant API key: written to ${file}`);
    expect(text).toContain(`Platform key:  stored in ${join(dataDir, 'platform-admin.key')}`);
    expect(text).toContain(`-H "Authorization: Bearer $(cat ${file})"`);
    expect(readFileSync(file, 'utf8').trim()).toBe(DEMO_KEY);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(text).not.toContain(DEMO_PASSWORD);
    const passwordFile = join(dataDir, DEMO_PASSWORD_FILE);
    expect(text).toContain(`Dashboard:     http://localhost:3000/  sign in as demo@confab.local; the password is written to ${passwordFile}`);
    expect(readFileSync(passwordFile, 'utf8').trim()).toBe(DEMO_PASSWORD);
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
  });

  it('treats a stream without isTTY (a pipe, a log collector) as not a terminal, and tightens an existing file to 0600', () => {
    const file = join(dataDir, DEMO_KEY_FILE);
    writeFileSync(file, 'old', { mode: 0o644 });
    const chunks: string[] = [];
    printFirstStartBanner({ write: (c: string) => chunks.push(c) }, { ...facts(), platformAdminKey: undefined });
    expect(chunks.join('')).not.toContain(DEMO_KEY);
    expect(chunks.join('')).not.toContain('Platform key');
    expect(readFileSync(file, 'utf8').trim()).toBe(DEMO_KEY);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
