import { ValidateBy } from 'class-validator';

/**
 * Context variables (a customer's plan, an order number) go into every prompt of the conversation and are stored
 * with it, so they stay small: a handful of short values, not a document store.
 */
export const VARIABLE_LIMITS = { maxKeys: 100, maxKeyLength: 64, maxValueBytes: 4096 } as const;

/** Why `value` cannot be a set of variables, or null. */
export function variablesProblem(value: unknown, field: string): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `${field} must be an object of name: value pairs`;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > VARIABLE_LIMITS.maxKeys) return `${field} has ${entries.length} variables; at most ${VARIABLE_LIMITS.maxKeys} are accepted`;
  for (const [key, item] of entries) {
    if (!key.length || key.length > VARIABLE_LIMITS.maxKeyLength) return `${field} names must be 1 to ${VARIABLE_LIMITS.maxKeyLength} characters ('${key.slice(0, 80)}')`;
    const bytes = Buffer.byteLength(JSON.stringify(item) ?? '');
    if (bytes > VARIABLE_LIMITS.maxValueBytes) return `${field}.${key} is ${bytes} bytes as JSON; at most ${VARIABLE_LIMITS.maxValueBytes} are accepted`;
  }
  return null;
}

/** A `variables` field: an object of at most 100 names, each value at most 4 KB as JSON. */
export function IsVariables(): PropertyDecorator {
  return ValidateBy({
    name: 'isVariables',
    validator: {
      validate: (value, args) => variablesProblem(value, args?.property ?? 'variables') === null,
      defaultMessage: (args) => variablesProblem(args?.value, args?.property ?? 'variables') ?? '',
    },
  });
}
