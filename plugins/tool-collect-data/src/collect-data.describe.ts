import type { JsonSchemaObject, ToolDescription } from '@confab/plugin-sdk';
import type { FieldDto } from './collect-data.config';
import { TEXT_MAX_LENGTH } from './field-validators';

/** The rule the model must respect for one field, in the words the model reads. */
export function fieldRuleText(field: FieldDto): string {
  switch (field.type) {
    case 'email':
      return 'an email address';
    case 'phone':
      return field.defaultCountry
        ? `a phone number; one written without +country code is read as a ${field.defaultCountry} number`
        : 'a phone number in international form with +country code';
    case 'date':
      return 'a date as YYYY-MM-DD';
    case 'number':
      if (field.min != null && field.max != null) return `a number from ${field.min} to ${field.max}`;
      if (field.min != null) return `a number of at least ${field.min}`;
      if (field.max != null) return `a number of at most ${field.max}`;
      return 'a number';
    case 'enum':
      return `one of: ${(field.options ?? []).join(', ')}`;
    case 'pattern':
      return `text matching the regular expression /${field.pattern ?? ''}/ in full`;
    case 'text':
      return `free text, at most ${TEXT_MAX_LENGTH} characters`;
  }
}

function propertySchema(field: FieldDto): Record<string, unknown> {
  const description = field.description ? `${field.description} (${fieldRuleText(field)})` : fieldRuleText(field);
  if (field.type === 'number') return { type: 'number', description };
  if (field.type === 'enum') return { type: 'string', enum: field.options ?? [], description };
  return { type: 'string', description };
}

/**
 * Every field is optional in the schema: the customer gives details one at a time, and the tool itself reports which
 * required ones are still missing. Neither ranges nor patterns go into the schema, so that a bad value reaches
 * execute() and comes back with a readable rule instead of a generic schema error.
 */
export function describeFields(fields: FieldDto[]): ToolDescription {
  const lines = fields.map(
    (f) => `- ${f.key}${f.required ? ' (required)' : ''}: ${f.description ? `${f.description}; ` : ''}${fieldRuleText(f)}`,
  );
  const description = [
    'Save details the customer gives into the conversation. Call this whenever the customer provides any of the',
    'fields below, even a single one; pass only values the customer actually gave, never guesses. Fields:',
    ...lines,
    'The result says what was saved, which values to ask for again and which required fields are still missing.',
  ].join('\n');
  const properties = Object.fromEntries(fields.map((f) => [f.key, propertySchema(f)]));
  const parameters: JsonSchemaObject = { type: 'object', properties };
  return { description, parameters };
}
