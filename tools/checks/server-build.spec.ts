import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const SCRIPT = join(__dirname, '../server-build.mjs');

/** serverIsStale of tools/server-build.mjs (an ES module) on a made-up repository, in a node of its own (written as plain text: console.log colours a boolean under FORCE_COLOR, which nx sets). */
function stale(root: string): boolean {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', `import { serverIsStale } from ${JSON.stringify(SCRIPT)}; process.stdout.write(String(serverIsStale(${JSON.stringify(root)})));`], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.trim() === 'true';
}

describe('npm start rebuilds the server bundle only when its sources changed (tools/server-build.mjs)', () => {
  let root: string;
  const file = (path: string, ageS: number) => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, '');
    const at = Date.now() / 1000 - ageS;
    utimesSync(full, at, at);
    // A directory's own time changes when files come and go; keep them old so only the files decide.
    for (let dir = dirname(full); dir.startsWith(root) && dir !== root; dir = dirname(dir)) utimesSync(dir, 0, 0);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'confab-server-build-'));
    file('apps/server/src/main.ts', 300);
    file('libs/conversations/src/index.ts', 300);
    file('plugins/channel-whatsapp/src/index.ts', 300);
    file('tsconfig.base.json', 300);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds when there is no bundle', () => {
    expect(stale(root)).toBe(true);
  });

  it('runs a bundle newer than every source as it is', () => {
    file('dist/apps/server/main.js', 60);
    expect(stale(root)).toBe(false);
  });

  it('builds again after a change to the server, a lib, a plugin or the shared TypeScript settings', () => {
    for (const changed of ['apps/server/src/main.ts', 'libs/conversations/src/index.ts', 'plugins/channel-whatsapp/src/index.ts', 'tsconfig.base.json']) {
      file('dist/apps/server/main.js', 60);
      file(changed, 1);
      expect({ changed, stale: stale(root) }).toEqual({ changed, stale: true });
      file(changed, 300);
    }
  });

  it('ignores tests and installed packages, which are not in the bundle', () => {
    file('dist/apps/server/main.js', 60);
    file('apps/server/test/some.e2e-spec.ts', 1);
    file('libs/conversations/node_modules/x/index.js', 1);
    expect(stale(root)).toBe(false);
  });
});
