/**
 * The server documents some nullable strings without a type, so the generated schema calls them
 * `Record<string, never>`; at runtime they are strings or null. This reads them as what they are.
 */
export function str(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}

export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Pretty JSON for tool arguments, results and variable values (strings stay as they are). */
export function pretty(value: unknown): string {
  if (value === undefined) return '–';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}
