import { importsUnder, isSpec, projectOf, sourcesUnder } from './import-graph';

/**
 * The architecture's one rule, checked on every run: plugins depend only on the SDK, the core never imports a
 * plugin, and nothing reaches into another project by relative path. Only apps/server/src/plugins.ts may name
 * plugins, because it is the composition root.
 */
describe('module boundaries', () => {
  const edges = importsUnder('apps', 'libs', 'plugins');
  const confab = (spec: string) => spec.startsWith('@confab/');

  it('finds the imports it checks', () => {
    expect(edges.filter((e) => confab(e.specifier)).length).toBeGreaterThan(50);
  });

  it('plugins import only @confab/plugin-sdk and shared utility libs (and the test kits in tests)', () => {
    const shared = ['@confab/plugin-sdk', '@confab/net'];
    // A plugin's own tests may boot the real server (startPluginTestServer) and use the loopback fakes; its
    // production code may not, so the plugin still depends on nothing of the core.
    const testKits = ['@confab/testing', '@confab/plugin-sdk/testing', '@confab/server-test-support'];
    const bad = edges.filter(
      (e) => e.file.startsWith('plugins/') && confab(e.specifier) && !shared.includes(e.specifier) && !(isSpec(e.file) && testKits.includes(e.specifier)),
    );
    expect(bad).toEqual([]);
  });

  it('the server test kit reaches plugins only from their tests', () => {
    const kit = edges.filter((e) => e.specifier === '@confab/server-test-support');
    expect(kit.some((e) => e.file.startsWith('plugins/'))).toBe(true);
    expect(kit.filter((e) => !isSpec(e.file))).toEqual([]);
  });

  it('libs never import a plugin, and the plugin SDK imports no other lib', () => {
    const plugin = (s: string) => /^@confab\/(example-)?(channel|tool)-/.test(s);
    expect(edges.filter((e) => e.file.startsWith('libs/') && plugin(e.specifier))).toEqual([]);
    expect(edges.filter((e) => e.file.startsWith('libs/plugin-sdk/') && confab(e.specifier) && !e.specifier.startsWith('@confab/plugin-sdk'))).toEqual([]);
    // Shared utility libs stand alone, so plugins that use them still depend on nothing of the core.
    expect(edges.filter((e) => e.file.startsWith('libs/net/') && confab(e.specifier))).toEqual([]);
  });

  it('only the composition root names plugins', () => {
    const plugin = (s: string) => /^@confab\/(example-)?(channel|tool)-/.test(s);
    const namers = new Set(edges.filter((e) => e.file.startsWith('apps/') && !isSpec(e.file) && plugin(e.specifier)).map((e) => e.file));
    expect([...namers]).toEqual(['apps/server/src/plugins.ts']);
  });

  it('no relative import crosses into another project, and production code never imports the test kit', () => {
    expect(edges.filter((e) => e.target && projectOf(e.target) !== projectOf(e.file))).toEqual([]);
    expect(edges.filter((e) => !isSpec(e.file) && e.specifier === '@confab/testing' && !e.file.startsWith('libs/testing/'))).toEqual([]);
  });

  it("a plugin's own settings live in the plugin: no core source names one of its variables", () => {
    // Declared with definePluginSettings as `env: 'PREFIX_NAME'`; the server learns them from the plugin list alone.
    const declared = new Map<string, string>();
    for (const { file, source } of sourcesUnder('plugins')) {
      if (isSpec(file)) continue;
      for (const match of source.matchAll(/\benv:\s*['"]([A-Z][A-Z0-9_]*)['"]/g)) declared.set(match[1], projectOf(file));
    }
    expect(declared.get('WHATSAPP_PRICES_FILE')).toBe('plugins/channel-whatsapp');
    const named = sourcesUnder('apps', 'libs')
      .filter(({ file }) => !isSpec(file) && !file.startsWith('apps/dashboard/'))
      .flatMap(({ file, source }) => [...declared.keys()].filter((name) => new RegExp(`\\b${name}\\b`).test(source)).map((name) => `${file} names ${name} (${declared.get(name)})`));
    expect(named).toEqual([]);
  });
});
