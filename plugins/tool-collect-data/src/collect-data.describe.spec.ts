import Ajv from 'ajv';
import { validateConfig } from '@confab/plugin-sdk';
import { CollectDataConfig } from './collect-data.config';
import { describeFields } from './collect-data.describe';
import { CollectDataTool } from './collect-data.tool';

const config = validateConfig(CollectDataConfig, {
  fields: [
    { key: 'email', type: 'email', required: true, description: 'Where the quote goes' },
    { key: 'phone', type: 'phone', required: true, defaultCountry: 'DE' },
    { key: 'birthday', type: 'date' },
    { key: 'guests', type: 'number', min: 1, max: 12 },
    { key: 'plan', type: 'enum', options: ['Basic', 'Pro'] },
    { key: 'order_no', type: 'pattern', pattern: '[A-Z]{2}-\\d{4}' },
    { key: 'notes', type: 'text', description: 'Anything else' },
  ],
});

describe('describeFields', () => {
  const described = describeFields(config.fields);

  it('tells the model when to call the tool and lists each field with its rule', () => {
    expect(described.description).toContain('Call this whenever the customer provides any of the');
    expect(described.description.split('\n').filter((line) => line.startsWith('- '))).toEqual([
      '- email (required): Where the quote goes; an email address',
      '- phone (required): a phone number; one written without +country code is read as a DE number',
      '- birthday: a date as YYYY-MM-DD',
      '- guests: a number from 1 to 12',
      '- plan: one of: Basic, Pro',
      '- order_no: text matching the regular expression /[A-Z]{2}-\\d{4}/ in full',
      '- notes: Anything else; free text, at most 1000 characters',
    ]);
  });

  it('gives one optional property per field, typed for the model', () => {
    expect(described.parameters.required).toBeUndefined();
    expect(described.parameters.properties).toEqual({
      email: { type: 'string', description: 'Where the quote goes (an email address)' },
      phone: { type: 'string', description: 'a phone number; one written without +country code is read as a DE number' },
      birthday: { type: 'string', description: 'a date as YYYY-MM-DD' },
      guests: { type: 'number', description: 'a number from 1 to 12' },
      plan: { type: 'string', enum: ['Basic', 'Pro'], description: 'one of: Basic, Pro' },
      order_no: { type: 'string', description: 'text matching the regular expression /[A-Z]{2}-\\d{4}/ in full' },
      notes: { type: 'string', description: 'Anything else (free text, at most 1000 characters)' },
    });
  });

  it('describes ranges with only one bound', () => {
    const [atLeast, atMost] = describeFields([
      { key: 'a', type: 'number', min: 0 },
      { key: 'b', type: 'number', max: 9 },
    ]).description.split('\n').filter((line) => line.startsWith('- '));
    expect([atLeast, atMost]).toEqual(['- a: a number of at least 0', '- b: a number of at most 9']);
  });

  // The core checks arguments with Ajv (strict: false, no coercion) before execute() runs; these pin what gets through.
  describe('as the core validates arguments', () => {
    const validate = new Ajv({ allErrors: true, strict: false, coerceTypes: false }).compile(described.parameters);

    it('lets partial and out-of-range values through to execute()', () => {
      expect(validate({})).toBe(true);
      expect(validate({ email: 'not-an-email', guests: 99, order_no: 'nope', unknown_key: 1 })).toBe(true);
    });

    it('refuses wrong JSON types and enum values outside the list before execute()', () => {
      expect(validate({ guests: '4' })).toBe(false);
      expect(validate({ plan: 'pro' })).toBe(false);
    });
  });
});

describe('CollectDataTool static description', () => {
  it('describes the generic shape for tool listings', () => {
    const tool = new CollectDataTool();
    expect(tool.description).toMatch(/Save details the customer gives/);
    expect(tool.parameters).toEqual({ type: 'object', properties: {}, additionalProperties: true });
    expect(tool.describe(config)).toEqual(describeFields(config.fields));
  });
});
