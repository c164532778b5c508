import { argumentProblem } from './http-tool.args';
import type { HttpToolDefinition } from './http-tool.definition';

const def: HttpToolDefinition = {
  name: 'place_order', description: 'Place an order.', method: 'POST', url: 'https://shop.test/orders', headers: [], secretHeaderNames: [],
  parameters: [
    { name: 'item', type: 'string', required: true }, { name: 'qty', type: 'number' }, { name: 'gift', type: 'boolean' },
    { name: 'size', type: 'enum', enum: ['S', 'M'] }, { name: 'colour', type: 'string', enum: ['red'] },
  ],
};

describe('argumentProblem', () => {
  it('accepts arguments that fit the parameters, leaving optional ones out', () => {
    expect(argumentProblem(def, { item: 'bread' })).toBeNull();
    expect(argumentProblem(def, { item: 'bread', qty: 2, gift: false, size: 'M', colour: 'red' })).toBeNull();
  });

  it.each([
    [{}, 'args.item', 'required'],
    [{ item: null }, 'args.item', 'must be a string'],
    [{ item: 'bread', qty: '2' }, 'args.qty', 'must be a number'],
    [{ item: 'bread', qty: Number.NaN }, 'args.qty', 'must be a number'],
    [{ item: 'bread', gift: 'yes' }, 'args.gift', 'must be true or false'],
    [{ item: 'bread', size: 'L' }, 'args.size', 'must be one of: S, M'],
    [{ item: 'bread', colour: 'blue' }, 'args.colour', 'must be one of: red'],
    [{ item: 'bread', note: 'x' }, 'args.note', "'place_order' has no such parameter"],
  ])('refuses %j, naming %s', (args, field, message) => {
    expect(argumentProblem(def, args)).toEqual({ field, message });
  });
});
