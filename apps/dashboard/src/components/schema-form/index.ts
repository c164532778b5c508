import { ApiError } from '../../api/errors';
import { fieldErrorsFromBody, type FieldErrors } from './schema-values';

export { SchemaForm, type SchemaFormProps } from './SchemaForm';
export { fieldErrorsFromBody, schemaDefaults, humanize, type ConfigValue, type FieldErrors, type JsonSchema } from './schema-values';

/** The problems of a failed save, by field path relative to the form (`prefix` is where the form sits in the body). */
export function fieldErrorsFromApi(error: unknown, prefix = 'config'): FieldErrors {
  return error instanceof ApiError ? fieldErrorsFromBody(error.body, prefix) : {};
}
