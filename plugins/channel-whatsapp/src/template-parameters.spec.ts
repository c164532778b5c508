import { templateComponents } from './addressing';
import { isTemplateParameters } from './whatsapp-admin.dto';
import { bodyPlaceholders, templateParameterProblem } from './template-parameters';

const named = [{ type: 'HEADER', text: 'Order {{order_id}}' }, { type: 'BODY', text: 'Hi {{customer_name}}, order {{order_id}} ships today. Thanks {{customer_name}}!' }];
const positional = [{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships today.' }];

describe('named template parameters', () => {
  it('become body parameters with parameter_name, as Meta takes them (WHATSAPP.md §6)', () => {
    expect(templateComponents({ customer_name: 'Ana', order_id: 'A-1042' })).toEqual([
      { type: 'body', parameters: [{ type: 'text', parameter_name: 'customer_name', text: 'Ana' }, { type: 'text', parameter_name: 'order_id', text: 'A-1042' }] },
    ]);
    expect(templateComponents(['Ana', 7])).toEqual([{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '7' }] }]);
  });

  it('are checked against the synced body: names must match, and the form must fit the template', () => {
    expect(bodyPlaceholders(named)).toEqual(['customer_name', 'order_id']);
    expect(templateParameterProblem('n', named, { customer_name: 'Ana', order_id: 'A-1' })).toBeNull();
    expect(templateParameterProblem('n', named, { customer_name: 'Ana', orderid: 'A-1' })).toBe("Template 'n' expects {{customer_name}}, {{order_id}}; missing: order_id; unknown: orderid");
    expect(templateParameterProblem('n', named, ['Ana', 'A-1'])).toMatch(/named placeholders .*object/);
    expect(templateParameterProblem('p', positional, { name: 'Ana' })).toMatch(/positional placeholders .*array/);
    expect(templateParameterProblem('p', positional, ['Ana', 'A-1'])).toBeNull();
    expect(templateParameterProblem('p', [], { anything: 'x' })).toBeNull();
  });

  it('accept arrays and objects of named scalar values only', () => {
    expect(isTemplateParameters(['Ana', 3, { type: 'currency', currency: {} }])).toBe(true);
    expect(isTemplateParameters({ customer_name: 'Ana', order_id: 1042 })).toBe(true);
    for (const bad of ['Ana', 3, null, { 'Order-Id': 'x' }, { order_id: { nested: true } }, { order_id: '' }, [['nested']]]) {
      expect({ bad, ok: isTemplateParameters(bad) }).toEqual({ bad, ok: false });
    }
  });
});
