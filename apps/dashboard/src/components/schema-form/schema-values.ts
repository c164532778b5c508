/** A JSON Schema as plugins publish it (GET /api/v1/channel-types, GET /api/v1/tools): the subset the form renders. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  example?: unknown;
  enum?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  writeOnly?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  [key: string]: unknown;
}

/** Messages by field path relative to the form's value ('limits.perMinute', 'fields.0.key'). */
export type FieldErrors = Record<string, string>;
export type ConfigValue = Record<string, unknown>;

export function schemaType(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
}

/** "phoneNumberId" → "Phone number id", "max_rows" → "Max rows": a label for a field the plugin gave no title. */
export function humanize(key: string): string {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A new config: the schema's defaults, nested objects filled in where they have defaults of their own. Secrets never
 * get a default (a plugin that sets one would leak it into every form).
 */
export function schemaDefaults(schema: JsonSchema): ConfigValue {
  const out: ConfigValue = {};
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (prop.writeOnly) continue;
    if (prop.default !== undefined) out[key] = structuredClone(prop.default);
    else if (schemaType(prop) === 'object' && prop.properties) {
      const nested = schemaDefaults(prop);
      if (Object.keys(nested).length) out[key] = nested;
    }
  }
  return out;
}

export function getPath(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);
}

/**
 * A copy of `value` with `path` set; `undefined` removes the key, so an emptied optional field is left out of the
 * config rather than sent as "" (which the plugin's validators would refuse).
 */
export function setPath(value: unknown, path: string[], next: unknown): unknown {
  if (!path.length) return next;
  const [head, ...rest] = path;
  const index = Number(head);
  if (Array.isArray(value) && Number.isInteger(index)) {
    const copy = [...value];
    copy[index] = setPath(copy[index], rest, next);
    return copy;
  }
  const copy: Record<string, unknown> = value && typeof value === 'object' ? { ...(value as Record<string, unknown>) } : {};
  const child = setPath(copy[head], rest, next);
  if (child === undefined || (rest.length && isEmptyObject(child))) delete copy[head];
  else copy[head] = child;
  return copy;
}

function isEmptyObject(v: unknown): boolean {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0;
}

/**
 * The API's 400 body names fields from the request's root ('config.accessToken', 'tools.0.config.fields'); the form
 * wants them relative to its own value. Both shapes the server sends are read: a DTO's `details.fields` and a plugin
 * config's `details.errors` / `details.field`.
 */
export function fieldErrorsFromBody(body: unknown, prefix = 'config'): FieldErrors {
  const details = ((body as { details?: unknown })?.details ?? {}) as {
    field?: unknown;
    fields?: Array<{ field?: unknown; problems?: unknown }>;
    errors?: Array<{ field?: unknown; problems?: unknown }>;
  };
  const message = String((body as { message?: unknown })?.message ?? '');
  const out: FieldErrors = {};
  const add = (field: unknown, problem: string) => {
    if (typeof field !== 'string') return;
    const relative = prefix ? (field === prefix ? '' : field.startsWith(`${prefix}.`) ? field.slice(prefix.length + 1) : null) : field;
    if (relative !== null && !(relative in out)) out[relative] = problem;
  };
  for (const entry of [...(details.errors ?? []), ...(details.fields ?? [])]) {
    const problems = Array.isArray(entry.problems) ? entry.problems.map(String).join('; ') : message;
    add(entry.field, problems);
  }
  if (typeof details.field === 'string' && !Object.keys(out).length) {
    add(details.field, message.startsWith(`${details.field}: `) ? message.slice(details.field.length + 2) : message);
  }
  return out;
}
