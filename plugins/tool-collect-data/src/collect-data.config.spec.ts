import { ValidationFailed, validateConfig } from '@confab/plugin-sdk';
import { CollectDataConfig } from './collect-data.config';

function problem(raw: unknown): { message: string; field: unknown } {
  try {
    validateConfig(CollectDataConfig, raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationFailed);
    const failed = err as ValidationFailed;
    return { message: failed.message, field: failed.details.field };
  }
  throw new Error('expected the config to be refused');
}

const field = (extra: Record<string, unknown>) => ({ fields: [{ key: 'value', ...extra }] });

describe('CollectDataConfig', () => {
  it('accepts a config with every field type and returns it plain', () => {
    const raw = {
      fields: [
        { key: 'email', type: 'email', required: true, description: 'Where we send the offer' },
        { key: 'phone', type: 'phone', defaultCountry: 'de' },
        { key: 'birthday', type: 'date' },
        { key: 'guests', type: 'number', min: 1, max: 12 },
        { key: 'plan', type: 'enum', options: ['Basic', 'Pro'] },
        { key: 'order_no', type: 'pattern', pattern: '[A-Z]{2}-\\d{4}' },
        { key: 'notes', type: 'text' },
      ],
    };
    const config = validateConfig(CollectDataConfig, raw);
    expect(config.fields).toHaveLength(7);
    expect(config.fields[1].defaultCountry).toBe('DE');
    expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
    expect(config.fields[0]).toEqual(raw.fields[0]);
  });

  it('refuses a missing or empty field list', () => {
    expect(problem({}).field).toBe('config.fields');
    expect(problem({ fields: [] }).message).toMatch(/at least 1/);
  });

  it('refuses more than 30 fields', () => {
    const fields = Array.from({ length: 31 }, (_, i) => ({ key: `f${i}`, type: 'text' }));
    expect(problem({ fields }).message).toMatch(/no more than 30/);
  });

  it('refuses duplicate keys', () => {
    const raw = { fields: [{ key: 'email', type: 'email' }, { key: 'email', type: 'text' }] };
    expect(problem(raw)).toEqual({ message: 'config.fields: fields must have unique keys', field: 'config.fields' });
  });

  it.each(['Email', '1st', 'e-mail', '', 'a'.repeat(41)])('refuses the key %j', (key) => {
    expect(problem({ fields: [{ key, type: 'text' }] }).field).toBe('config.fields.0.key');
  });

  it('refuses an unknown type', () => {
    expect(problem(field({ type: 'iban' }))).toMatchObject({ field: 'config.fields.0.type' });
  });

  it('refuses an enum without options', () => {
    expect(problem(field({ type: 'enum' })).message).toBe('config.fields.0.type: an enum field needs options');
  });

  it('refuses options that only differ in case', () => {
    expect(problem(field({ type: 'enum', options: ['Pro', 'pro'] })).message).toMatch(/unique, ignoring case/);
  });

  it('refuses a pattern field without a pattern, and a pattern that does not compile', () => {
    expect(problem(field({ type: 'pattern' })).message).toMatch(/needs a pattern/);
    expect(problem(field({ type: 'pattern', pattern: '([a-z' }))).toEqual({
      message: 'config.fields.0.pattern: pattern must be a valid JavaScript regular expression',
      field: 'config.fields.0.pattern',
    });
  });

  it.each(['(a+)+', '(a*)*', '(a|a)*', '(\\w+\\s?)+', '(\\w)\\1'])('refuses the catastrophic pattern %s, naming the field', (pattern) => {
    const refused = problem(field({ type: 'pattern', pattern }));
    expect(refused.field).toBe('config.fields.0.pattern');
    expect(refused.message).toMatch(/^config\.fields\.0\.pattern: pattern (nests quantifiers|repeats|must not use backreferences).*matching could take very long/);
  });

  it('refuses a pattern longer than 200 characters and keeps everyday ones', () => {
    expect(problem(field({ type: 'pattern', pattern: 'a'.repeat(201) }))).toEqual({
      message: 'config.fields.0.pattern: pattern must be at most 200 characters',
      field: 'config.fields.0.pattern',
    });
    for (const pattern of ['[^@\\s]+@[^@\\s]+\\.[a-z]{2,}', '\\d{5}(-\\d{4})?', '(ORD|INV)-\\d{6}']) {
      expect(validateConfig(CollectDataConfig, field({ type: 'pattern', pattern })).fields[0].pattern).toBe(pattern);
    }
  });

  it('refuses settings the type does not use', () => {
    expect(problem(field({ type: 'text', pattern: '\\d+' })).message).toMatch(/pattern cannot be used on text fields/);
    expect(problem(field({ type: 'email', min: 1 })).message).toMatch(/min cannot be used on email fields/);
  });

  it('refuses an unknown country and min greater than max', () => {
    expect(problem(field({ type: 'phone', defaultCountry: 'XX' })).field).toBe('config.fields.0.defaultCountry');
    expect(problem(field({ type: 'phone', defaultCountry: 'GER' })).field).toBe('config.fields.0.defaultCountry');
    expect(problem(field({ type: 'number', min: 5, max: 1 })).message).toMatch(/min must not be greater than max/);
  });

  it('refuses unknown properties, at the top and inside a field', () => {
    expect(problem({ fields: [{ key: 'a', type: 'text' }], extra: 1 })).toMatchObject({ field: 'config.extra' });
    expect(problem(field({ type: 'text', requried: true }))).toMatchObject({ field: 'config.fields.0.requried' });
  });

  it('refuses a non-object config', () => {
    expect(problem([]).message).toBe('config must be an object');
  });
});
