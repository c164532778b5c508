import { fieldErrorsFromBody, humanize, schemaDefaults, setPath, type JsonSchema } from './schema-values';

describe('schema form values', () => {
  it('labels fields the plugin gave no title', () => {
    expect(humanize('phoneNumberId')).toBe('Phone number id');
    expect(humanize('max_rows')).toBe('Max rows');
    expect(humanize('graphAPIVersion')).toBe('Graph api version');
  });

  it('starts a new config from the defaults, never a secret, nested ones included', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        colour: { type: 'string', default: 'blue' },
        token: { type: 'string', writeOnly: true, default: 'leaked' },
        limits: { type: 'object', properties: { perMinute: { type: 'integer', default: 10 } } },
        empty: { type: 'object', properties: { x: { type: 'string' } } },
      },
    };
    expect(schemaDefaults(schema)).toEqual({ colour: 'blue', limits: { perMinute: 10 } });
  });

  it('removes an emptied field, and an object left empty by it, instead of sending ""', () => {
    expect(setPath({ a: { b: 'x' }, c: 1 }, ['a', 'b'], undefined)).toEqual({ c: 1 });
    expect(setPath({ list: [{ k: 'a' }, { k: 'b' }] }, ['list', '1', 'k'], 'z')).toEqual({ list: [{ k: 'a' }, { k: 'z' }] });
  });

  it('reads field errors relative to the form from both shapes the API sends', () => {
    const plugin = { code: 'VALIDATION_FAILED', message: 'config.accessToken: too short', details: { field: 'config.accessToken', errors: [{ field: 'config.accessToken', problems: ['too short'] }, { field: 'config.limits.perMinute', problems: ['must not be greater than 600'] }] } };
    expect(fieldErrorsFromBody(plugin)).toEqual({ accessToken: 'too short', 'limits.perMinute': 'must not be greater than 600' });
    const dto = { code: 'VALIDATION_FAILED', message: 'name: must be longer', details: { fields: [{ field: 'name', problems: ['must be longer'] }] } };
    expect(fieldErrorsFromBody(dto, '')).toEqual({ name: 'must be longer' });
    const bare = { message: 'tools.0.config.fields: needs one field', details: { field: 'tools.0.config.fields' } };
    expect(fieldErrorsFromBody(bare, 'tools.0.config')).toEqual({ fields: 'needs one field' });
  });
});
