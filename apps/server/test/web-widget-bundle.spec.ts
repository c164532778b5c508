import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureWidgetBuilt, WIDGET_DIST } from './support/widget-bundle';

// The budget from the product brief: the widget loads on every page of a customer's site.
const GZIP_BUDGET_BYTES = 15 * 1024;

describe('web widget bundle', () => {
  let manifest: ReturnType<typeof ensureWidgetBuilt>;
  beforeAll(() => {
    manifest = ensureWidgetBuilt();
  }, 60_000);

  it(`stays under ${GZIP_BUDGET_BYTES} bytes gzip`, () => {
    const code = readFileSync(join(WIDGET_DIST, 'widget.js'));
    const gzip = gzipSync(code).length;
    expect(gzip).toBeLessThan(GZIP_BUDGET_BYTES);
    expect(manifest.gzipBytes).toBe(gzip);
  });

  it('writes a content-addressed copy whose name is the manifest version', () => {
    const code = readFileSync(join(WIDGET_DIST, 'widget.js'), 'utf8');
    expect(manifest.version).toMatch(/^[0-9a-f]{16}$/);
    expect(readFileSync(join(WIDGET_DIST, `${manifest.version}.js`), 'utf8')).toBe(code);
  });

  it('is one self-contained ASCII script: no imports, no innerHTML, no eval', () => {
    const code = readFileSync(join(WIDGET_DIST, 'widget.js'), 'utf8');
    // Host pages may load it in a non-UTF-8 charset; German strings travel as \u escapes.
    expect(code.match(/[^\x00-\x7f]/g)).toBeNull();
    expect(code).toContain('Chat \\u00f6ffnen');
    expect(code.startsWith('(function(){')).toBe(true);
    expect(code).not.toMatch(/\bimport\s*\(|\bimport\s+[{*\w]/);
    expect(code).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
  });
});
