import { draftFrom, draftToInput, draftToUpdate, emptyDraft, isCredentialHeaderName, testArgs } from './http-tool-draft';

describe('HTTP tool drafts', () => {
  it('leaves optional parts out, and an empty timeout is the default', () => {
    const input = draftToInput({
      ...emptyDraft(), name: ' get_order ', description: 'Look up an order by number.', url: 'https://shop.example.com/orders/{id}', timeoutMs: '',
      parameters: [{ name: 'id', type: 'string', required: true, description: '', enum: [], in: '' }, { name: 'size', type: 'enum', required: false, description: 'Size', enum: ['S', 'M'], in: 'query' }],
    });
    expect(input).toEqual({
      name: 'get_order', description: 'Look up an order by number.', method: 'GET', url: 'https://shop.example.com/orders/{id}', headers: [], timeoutMs: 10000,
      parameters: [{ name: 'id', type: 'string', required: true }, { name: 'size', type: 'enum', required: false, description: 'Size', enum: ['S', 'M'], in: 'query' }],
    });
  });

  it('copies a stored tool with its secret headers asking for their value again', () => {
    const draft = draftFrom({
      id: 'a', name: 'a', description: 'Something long enough', method: 'POST', url: 'https://x.example/y', headers: [{ name: 'X-Shop', value: 'bakery' }],
      secretHeaderNames: ['Authorization'], parameters: [{ name: 'q', type: 'string' }],
    }, 'a_copy');
    expect(draft.headers).toEqual([{ name: 'X-Shop', value: 'bakery', secret: false }, { name: 'Authorization', value: '', secret: true }]);
    expect(draft.parameters[0]).toMatchObject({ required: false, in: '' });
    expect(draft.name).toBe('a_copy');
  });

  it('types test arguments and leaves empty ones out', () => {
    const tool = { parameters: [{ name: 'n', type: 'number' }, { name: 's', type: 'string' }, { name: 'b', type: 'boolean' }, { name: 'bad', type: 'number' }] } as never;
    expect(testArgs(tool, { n: '42', s: '  ', b: false, bad: 'x' })).toEqual({ n: 42, b: false, bad: 'x' });
  });

  it('knows the header names the server always seals', () => {
    expect(['Authorization', 'X-Api-Key', 'x-session-id', 'Cookie', 'X-Signature'].every(isCredentialHeaderName)).toBe(true);
    expect(['X-Shop', 'Accept', 'Content-Type'].some(isCredentialHeaderName)).toBe(false);
  });

  it('keeps a stored secret on edit when its value is left empty, and sends a typed one', () => {
    const draft = { ...emptyDraft(), name: 'x', headers: [{ name: 'authorization', value: '', secret: false }, { name: 'X-Key', value: 'new', secret: true }, { name: 'X-Token', value: '', secret: true }] };
    const body = draftToUpdate(draft, ['Authorization']);
    expect(body).not.toHaveProperty('name');
    // X-Token has nothing stored: sent empty, so the server names the missing value at the field.
    expect(body.headers).toEqual([{ name: 'authorization', secret: true }, { name: 'X-Key', value: 'new', secret: true }, { name: 'X-Token', value: '', secret: true }]);
  });
});
