import type { PluginSettingsDefinition } from './define-plugin-settings';

/** One variable that stops the start: its name, what it was set to (never a secret's value) and the rule. */
export interface SettingIssue {
  env: string;
  line: string;
}

/**
 * Reads one plugin's settings from the environment: an unset or empty variable takes its default. Returns the
 * values and the problems, each a line in the server's "Bad configuration" message.
 */
export function readPluginSettings(definition: PluginSettingsDefinition, raw: Record<string, string | undefined>): { values: Record<string, unknown>; issues: SettingIssue[] } {
  const values: Record<string, unknown> = {};
  const issues: SettingIssue[] = [];
  for (const [key, spec] of Object.entries(definition.settings)) {
    const text = raw[spec.env];
    const shown = spec.secret ? '(secret)' : JSON.stringify(text);
    if (text === undefined || text === '') {
      if (spec.required && spec.default === undefined) issues.push({ env: spec.env, line: `  ${spec.env}: is required by ${definition.plugin} (${spec.description})` });
      values[key] = spec.default;
      continue;
    }
    try {
      values[key] = spec.parse(text);
    } catch (err) {
      issues.push({ env: spec.env, line: `  ${spec.env}=${shown}: ${(err as Error).message}` });
    }
  }
  return { values, issues };
}

/**
 * What a log line or a config dump may show of a plugin's settings: each variable as it was set (unset ones left
 * out), secrets only as "(secret, set)". Raw text rather than parsed values: a file setting shows its path.
 */
export function redactPluginSettings(definition: PluginSettingsDefinition, raw: Record<string, string | undefined>): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const spec of Object.values(definition.settings)) {
    const text = raw[spec.env];
    if (text !== undefined && text !== '') shown[spec.env] = spec.secret ? '(secret, set)' : text;
  }
  return shown;
}

/** Variables under the plugin's prefix that it does not declare: most likely a typo of one it does. */
export function undeclaredUnderPrefix(definition: PluginSettingsDefinition, raw: Record<string, string | undefined>): string[] {
  const declared = new Set(Object.values(definition.settings).map((spec) => spec.env));
  return Object.keys(raw).filter((name) => name.startsWith(definition.prefix) && !declared.has(name) && raw[name] !== undefined).sort();
}
