import { buildRequest, definitionProblems, selectFields, toJsonSchema, type HttpToolDefinition } from './http-tool.definition';

const def = (over: Partial<HttpToolDefinition> = {}): HttpToolDefinition => ({
  name: 'get_order', description: 'Get an order by number.', method: 'GET', url: 'https://shop.test/orders/{orderId}',
  headers: [{ name: 'X-Shop', value: 'bakery' }], secretHeaderNames: ['Authorization'],
  parameters: [{ name: 'orderId', type: 'string', required: true }, { name: 'expand', type: 'boolean' }],
  ...over,
});

describe('HTTP tool definitions', () => {
  it('URL-encodes path values, puts the rest in the query for GET, and adds secret headers', () => {
    const req = buildRequest(def(), { orderId: 'A 1/2', expand: true }, { Authorization: 'Bearer s' });
    expect(req).toEqual({ method: 'GET', url: 'https://shop.test/orders/A%201%2F2?expand=true', headers: { accept: 'application/json', 'X-Shop': 'bakery', Authorization: 'Bearer s' } });
  });

  it('sends non-path parameters as a JSON body for POST, leaving out absent ones', () => {
    const post = def({ method: 'POST', url: 'https://shop.test/orders', parameters: [{ name: 'item', type: 'string', required: true }, { name: 'qty', type: 'number' }, { name: 'note', type: 'string' }] });
    const req = buildRequest(post, { item: 'bread', qty: 2 }, {});
    expect(JSON.parse(req.body!)).toEqual({ item: 'bread', qty: 2 });
    expect(req.headers['content-type']).toBe('application/json');
  });

  it('describes itself to the model and finds definition mistakes', () => {
    expect(toJsonSchema(def())).toEqual({ type: 'object', properties: { orderId: { type: 'string' }, expand: { type: 'boolean' } }, required: ['orderId'], additionalProperties: false });
    expect(definitionProblems(def({ parameters: [] }))).toEqual([{ field: 'parameters', message: 'the URL uses {orderId} but no parameter has that name' }]);
    expect(definitionProblems(def({ parameters: [{ name: 'orderId', type: 'string' }] }))[0].message).toContain('must be required');
    expect(definitionProblems(def({ parameters: [{ name: 'orderId', type: 'string', required: true }, { name: 'orderId', type: 'string', required: true }] }))[0]).toEqual({
      field: 'parameters.1.name',
      message: "parameter 'orderId' is listed twice",
    });
  });

  it('describes an enum parameter as a string with its allowed values', () => {
    const sized = def({ parameters: [{ name: 'orderId', type: 'string', required: true }, { name: 'size', type: 'enum', enum: ['S', 'M'], description: 'Shirt size' }] });
    expect(toJsonSchema(sized).properties.size).toEqual({ type: 'string', description: 'Shirt size', enum: ['S', 'M'] });
    expect(definitionProblems(sized)).toEqual([]);
  });

  it.each([
    [{ type: 'enum' }, 'an enum parameter needs a list of allowed values'],
    [{ type: 'enum', enum: [] }, 'the list of allowed values must not be empty'],
    [{ type: 'enum', enum: ['S', ''] }, 'allowed values must be non-empty strings'],
    [{ type: 'enum', enum: ['S', 'M', 'S'] }, "'S' is listed twice"],
    [{ type: 'boolean', enum: ['true'] }, 'only enum and string parameters take a list of allowed values'],
  ])('refuses the enum parameter %j, naming its field', (param, message) => {
    const bad = def({ parameters: [{ name: 'orderId', type: 'string', required: true }, { name: 'size', ...param } as HttpToolDefinition['parameters'][number]] });
    expect(definitionProblems(bad)).toEqual([{ field: 'parameters.1.enum', message }]);
  });

  it('keeps only the selected fields of a JSON answer, also in arrays', () => {
    const answer = { status: 'shipped', secret: 'x', delivery: { eta: '2026-11-27', depot: 'B' } };
    expect(selectFields(answer, ['status', 'delivery.eta'])).toEqual({ status: 'shipped', 'delivery.eta': '2026-11-27' });
    expect(selectFields([answer, answer], ['status'])).toEqual([{ status: 'shipped' }, { status: 'shipped' }]);
    expect(selectFields('plain text', ['status'])).toBe('plain text');
    expect(selectFields(answer, undefined)).toBe(answer);
  });
});
