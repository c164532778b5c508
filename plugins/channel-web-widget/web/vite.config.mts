// Builds the browser bundle (Vite library mode, one IIFE with no exports, so it defines no global of its own) into
// dist/widget/ at the repository root: widget.js, a content-addressed copy {version}.js for immutable caching, and
// manifest.json with the version and sizes. Run with `npm run build:widget`.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '../../../dist/widget');

// Host pages load the script in their own charset (often not UTF-8 when the tag has none), so the bundle is ASCII:
// non-ASCII characters only occur in string and template literals here, where \uXXXX means the same.
function asciiOnly(): Plugin {
  return {
    name: 'confab-widget-ascii',
    // After minification, which would turn escapes back into characters.
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle))
        if (chunk.type === 'chunk') chunk.code = chunk.code.replace(/[^\x00-\x7f]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
    },
  };
}

function versionedCopy(): Plugin {
  return {
    name: 'confab-widget-versioned-copy',
    closeBundle() {
      const code = readFileSync(join(outDir, 'widget.js'));
      const version = createHash('sha256').update(code).digest('hex').slice(0, 16);
      mkdirSync(outDir, { recursive: true });
      writeFileSync(join(outDir, `${version}.js`), code);
      const manifest = { version, file: 'widget.js', versionedFile: `${version}.js`, bytes: code.length, gzipBytes: gzipSync(code).length, builtAt: new Date().toISOString() };
      writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    },
  };
}

export default defineConfig({
  root: here,
  logLevel: 'warn',
  publicDir: false,
  plugins: [asciiOnly(), versionedCopy()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    lib: { entry: join(here, 'src/main.ts'), formats: ['iife'], name: 'ConfabWidgetBundle', fileName: () => 'widget.js' },
  },
});
