import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

/** Runs the server's real entry point (main.ts) with the given environment until it exits. */
function runMain(env: Record<string, string>, timeoutMs = 90_000): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps/server/src/main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '', SWC_NODE_PROJECT: join(ROOT, 'apps/server/tsconfig.app.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main.ts did not exit within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('a bad plugin setting at start (the real entry point)', () => {
  it("stops the start before anything runs, in the server's own message, naming the variable and the rule", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'confab-bad-settings-'));
    const { code, stderr } = await runMain({ DATA_DIR: dataDir, ROLE: 'boss', WHATSAPP_PRICES_FILE: '/nonexistent/whatsapp-prices.json' });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'Bad configuration (see .env.example):\n' +
        '  ROLE="boss": ROLE must be one of the following values: all, api, worker\n' +
        '  WHATSAPP_PRICES_FILE="/nonexistent/whatsapp-prices.json": no such file\n',
    );
  });
});
