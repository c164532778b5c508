import type { TemplateParameters } from '@confab/plugin-sdk';

/** A parameter as a person reads it: plain values as they are, a provider-shaped object by its text (or as JSON). */
function shown(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  const text = (value as { text?: unknown }).text;
  return typeof text === 'string' ? text : JSON.stringify(value);
}

/**
 * The stored text of a template message: its name and language, then the parameters, positional in order or named
 * as `name: value`. Named parameters arrive as an object (Meta's `parameter_name` templates), not an array.
 */
export function templateText(template: { name: string; language: string; parameters?: TemplateParameters }): string {
  const { parameters } = template;
  const values = Array.isArray(parameters)
    ? parameters.map(shown)
    : parameters && typeof parameters === 'object'
      ? Object.entries(parameters).map(([name, value]) => `${name}: ${shown(value)}`)
      : [];
  return `[template ${template.name} (${template.language})] ${values.join(' | ')}`.trim();
}
