import { readPluginSettings, type PluginSettingsDefinition } from '@confab/plugin-sdk';

/**
 * Reads the settings the plugins declare. Besides each value's own rule, names are checked across plugins: a
 * variable the server reads itself, or one two plugins declare, is a problem, never silently shared.
 */
export function checkPluginSettings(
  raw: Record<string, string | undefined>,
  definitions: readonly PluginSettingsDefinition[],
  coreNames: ReadonlySet<string>,
): { values: Record<string, Record<string, unknown>>; lines: string[] } {
  const values: Record<string, Record<string, unknown>> = {};
  const lines: string[] = [];
  const owner = new Map<string, string>();
  for (const definition of definitions) {
    for (const spec of Object.values(definition.settings)) {
      if (coreNames.has(spec.env)) lines.push(`  ${spec.env}: plugin ${definition.plugin} declares a setting the server itself reads; rename it`);
      const other = owner.get(spec.env);
      if (other && other !== definition.plugin) lines.push(`  ${spec.env}: declared by both plugin ${other} and plugin ${definition.plugin}`);
      owner.set(spec.env, definition.plugin);
    }
    const read = readPluginSettings(definition, raw);
    values[definition.plugin] = read.values;
    lines.push(...read.issues.map((issue) => issue.line));
  }
  return { values, lines };
}

/** Values for a server built from an AppConfig without an environment (tests): defaults, then what is given. */
export function pluginSettingsWithDefaults(definition: PluginSettingsDefinition, given: Record<string, unknown> | undefined): Record<string, unknown> {
  return { ...readPluginSettings(definition, {}).values, ...given };
}
