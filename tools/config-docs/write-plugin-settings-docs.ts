// `npm run -s config:docs`: rewrites the plugins' settings in .env.example and docs/configuration.md from the
// declarations of the plugins in apps/server/src/plugins.ts (all installed ones, enabled or not).
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pluginSettingsDefinitions } from '../../apps/server/src/plugins';
import { DOCS_MARKERS, ENV_EXAMPLE_MARKERS, renderDocsTable, renderEnvExampleBlock, replaceGeneratedBlock } from '../../apps/server/src/config/plugin-settings-docs';

const root = resolve(__dirname, '../..');
const definitions = pluginSettingsDefinitions('all');
for (const [file, markers, block] of [
  ['.env.example', ENV_EXAMPLE_MARKERS, renderEnvExampleBlock(definitions)],
  ['docs/configuration.md', DOCS_MARKERS, renderDocsTable(definitions)],
] as const) {
  const path = resolve(root, file);
  const before = readFileSync(path, 'utf8');
  const after = replaceGeneratedBlock(before, markers, block);
  if (after !== before) writeFileSync(path, after);
  process.stdout.write(`${file}: ${after === before ? 'current' : 'updated'}\n`);
}
