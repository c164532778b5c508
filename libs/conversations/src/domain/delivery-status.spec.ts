import { advancesDelivery } from './delivery-status';

describe('advancesDelivery', () => {
  it('moves forward only', () => {
    expect(advancesDelivery('pending', 'sent')).toBe(true);
    expect(advancesDelivery('sent', 'read')).toBe(true);
    expect(advancesDelivery('read', 'delivered')).toBe(false);
    expect(advancesDelivery('delivered', 'delivered')).toBe(false);
  });

  it('treats failed as final and refuses a failure after read', () => {
    expect(advancesDelivery('sent', 'failed')).toBe(true);
    expect(advancesDelivery('failed', 'read')).toBe(false);
    expect(advancesDelivery('read', 'failed')).toBe(false);
  });
});
