import Ajv, { type ValidateFunction } from 'ajv';
import type { JsonSchemaObject } from '@confab/plugin-sdk';

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false });
const cache = new Map<string, ValidateFunction>();

/** Checks the model's arguments against the tool's JSON Schema; the message goes back to the model verbatim. */
export function validateArguments(schema: JsonSchemaObject, args: unknown): string | null {
  const key = JSON.stringify(schema);
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    cache.set(key, validate);
  }
  if (validate(args)) return null;
  return (validate.errors ?? [])
    .map((e) => `${e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'arguments'} ${e.message ?? 'is invalid'}${e.keyword === 'enum' ? ` (${JSON.stringify(e.params.allowedValues)})` : ''}`)
    .join('; ');
}
