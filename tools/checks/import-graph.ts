import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

export interface ImportEdge {
  file: string; // relative to the workspace root
  specifier: string;
  /** For relative specifiers: the target path relative to the root. */
  target?: string;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

/** The TypeScript sources under the given top-level folders, with their text, paths relative to the root. */
export function sourcesUnder(...folders: string[]): Array<{ file: string; source: string }> {
  return folders.flatMap((folder) => walk(join(ROOT, folder)).map((file) => ({ file: relative(ROOT, file), source: readFileSync(file, 'utf8') })));
}

/** Every import in the TypeScript sources under the given top-level folders. */
export function importsUnder(...folders: string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const folder of folders) {
    for (const file of walk(join(ROOT, folder))) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(IMPORT)) {
        const specifier = match[1] ?? match[2] ?? match[3];
        const edge: ImportEdge = { file: relative(ROOT, file), specifier };
        if (specifier.startsWith('.')) edge.target = relative(ROOT, resolve(dirname(file), specifier));
        edges.push(edge);
      }
    }
  }
  return edges;
}

/** The project folder a path belongs to, e.g. 'plugins/channel-api', 'plugins/examples/tool-opening-hours' or 'libs/conversations'. */
export function projectOf(path: string): string {
  // Example plugins sit one level deeper, each its own project: they must not reach into each other either.
  return path.split('/').slice(0, path.startsWith('plugins/examples/') ? 3 : 2).join('/');
}

export const isSpec = (file: string) => /\.(spec|integration-spec|e2e-spec)\.ts$/.test(file) || file.includes('/test/');
