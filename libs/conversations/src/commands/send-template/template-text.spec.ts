import { templateText } from './template-text';

describe('templateText', () => {
  it('shows positional parameters in order', () => {
    expect(templateText({ name: 'order_update', language: 'en_US', parameters: ['Ana', 'A-1042'] })).toBe('[template order_update (en_US)] Ana | A-1042');
  });

  it('shows named parameters by name instead of crashing on an object', () => {
    expect(templateText({ name: 'order_named', language: 'en_US', parameters: { customer_name: 'Ana', order_id: 'A-1042' } })).toBe(
      '[template order_named (en_US)] customer_name: Ana | order_id: A-1042',
    );
  });

  it('shows provider-shaped parameters by their text, and no parameters as just the name', () => {
    expect(templateText({ name: 't', language: 'de', parameters: [{ type: 'text', text: 'Ana' }, 3] })).toBe('[template t (de)] Ana | 3');
    expect(templateText({ name: 't', language: 'de' })).toBe('[template t (de)]');
    expect(templateText({ name: 't', language: 'de', parameters: {} })).toBe('[template t (de)]');
  });
});
