import type { TemplateParameters } from '@confab/plugin-sdk';

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** Distinct placeholders of the template's BODY as synced from Graph ({{1}} or {{order_id}}), in first-use order. */
export function bodyPlaceholders(components: unknown[]): string[] {
  const body = components.find((c) => String((c as { type?: unknown })?.type ?? '').toUpperCase() === 'BODY') as { text?: unknown } | undefined;
  return typeof body?.text === 'string' ? [...new Set(Array.from(body.text.matchAll(PLACEHOLDER), (m) => m[1]))] : [];
}

/**
 * Checks the parameters' form against a synced template before anything is stored, so a mismatch is a 400 naming
 * the field rather than a failed message later (Meta: 132000). Positional counts are left to Meta, as before.
 * Returns the problem, or null when the parameters fit (or the template's body is unknown).
 */
export function templateParameterProblem(name: string, components: unknown[], parameters: TemplateParameters | undefined): string | null {
  const placeholders = bodyPlaceholders(components);
  if (!placeholders.length || parameters === undefined) return null;
  const named = placeholders.every((p) => !/^\d+$/.test(p));
  const list = placeholders.map((p) => `{{${p}}}`).join(', ');
  if (Array.isArray(parameters)) {
    return named ? `Template '${name}' has named placeholders (${list}); pass parameters as an object keyed by those names` : null;
  }
  if (!named) return `Template '${name}' has positional placeholders (${list}); pass parameters as an array in that order`;
  const given = Object.keys(parameters);
  const missing = placeholders.filter((p) => !given.includes(p));
  const unknown = given.filter((g) => !placeholders.includes(g));
  if (!missing.length && !unknown.length) return null;
  return [`Template '${name}' expects ${list}`, missing.length ? `missing: ${missing.join(', ')}` : '', unknown.length ? `unknown: ${unknown.join(', ')}` : ''].filter(Boolean).join('; ');
}
