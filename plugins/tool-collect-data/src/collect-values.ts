import type { FieldDto } from './collect-data.config';
import { FIELD_VALIDATORS } from './field-validators';

export const UNKNOWN_FIELD = 'unknown field';

export interface InvalidValue {
  field: string;
  value: unknown;
  rule: string;
}

export interface CollectedValues {
  saved: Record<string, string | number>;
  invalid: InvalidValue[];
}

// The model reads the invalid value back; a pasted essay would only cost tokens.
function echo(value: unknown): unknown {
  return typeof value === 'string' && value.length > 200 ? `${value.slice(0, 200)}…` : value;
}

/** Validates and normalises the values the model passed; null and undefined mean "not given this time". */
export function collectValues(fields: FieldDto[], args: unknown): CollectedValues {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const saved: Record<string, string | number> = {};
  const invalid: InvalidValue[] = [];
  const entries = args !== null && typeof args === 'object' && !Array.isArray(args) ? Object.entries(args) : [];
  for (const [key, value] of entries) {
    const field = byKey.get(key);
    if (!field) {
      invalid.push({ field: key, value: echo(value), rule: UNKNOWN_FIELD });
      continue;
    }
    if (value == null) continue;
    const outcome = FIELD_VALIDATORS[field.type](value, field);
    if (outcome.ok) saved[key] = outcome.value;
    else invalid.push({ field: key, value: echo(value), rule: outcome.rule });
  }
  return { saved, invalid };
}

const isBlank = (value: unknown) => value == null || (typeof value === 'string' && value.trim() === '');

/** Required keys with neither a stored variable nor a value saved by this call. */
export function missingRequired(fields: FieldDto[], saved: Record<string, unknown>, stored: (key: string) => unknown): string[] {
  return fields.filter((f) => f.required && !(f.key in saved) && isBlank(stored(f.key))).map((f) => f.key);
}

/** A short instruction for the model: what happened and what to ask the customer next. */
export function summarise(fields: FieldDto[], collected: CollectedValues, missing: string[]): string {
  const parts: string[] = [];
  const savedKeys = Object.keys(collected.saved);
  const unknown = collected.invalid.filter((i) => i.rule === UNKNOWN_FIELD).map((i) => i.field);
  const rejected = collected.invalid.filter((i) => i.rule !== UNKNOWN_FIELD);
  if (savedKeys.length) parts.push(`Saved ${savedKeys.join(', ')}.`);
  if (rejected.length) parts.push(`Ask again for ${rejected.map((i) => `${i.field}: ${i.rule}`).join('; ')}.`);
  if (unknown.length) {
    parts.push(`Ignored unknown ${unknown.join(', ')}; the fields are ${fields.map((f) => f.key).join(', ')}.`);
  }
  if (!savedKeys.length && !collected.invalid.length) parts.push('Nothing was saved because no values were given.');
  if (missing.length) parts.push(`Still missing: ${missing.join(', ')}.`);
  else if (fields.some((f) => f.required) && !rejected.length) parts.push('All required fields are collected.');
  return parts.join(' ');
}
