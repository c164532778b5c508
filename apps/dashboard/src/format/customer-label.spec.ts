import { customerLabel } from './customer-label';

describe('customerLabel', () => {
  it('names a customer by name, with the phone number below', () => {
    expect(customerLabel('whatsapp', 'Jana', '+4915112345678')).toEqual({ primary: 'Jana', secondary: '+4915112345678', visitor: false });
    expect(customerLabel('whatsapp', null, '+4915112345678')).toEqual({ primary: '+4915112345678', secondary: null, visitor: false });
  });

  it('shows an anonymous website visitor by a short id, never the raw one', () => {
    const label = customerLabel('web_widget', null, 'v_Qm9uam91ciBsZSBtb25kZQ');
    expect(label).toEqual({ primary: 'Qm9uam', secondary: null, visitor: true });
    expect(customerLabel('web_widget', 'Ben', 'v_Qm9uam91ciBsZSBtb25kZQ')).toEqual({ primary: 'Ben', secondary: null, visitor: true });
    // A signed-in user of the host site is known by the site's own user id.
    expect(customerLabel('web_widget', null, 'user-4711')).toEqual({ primary: 'user-4711', secondary: null, visitor: false });
  });

  it("drops a test chat's generated identifier", () => {
    expect(customerLabel('test', null, 'test-2f1c')).toEqual({ primary: null, secondary: null, visitor: false });
  });
});
