import { money } from './money-view';

describe('money', () => {
  it('formats integer micros exactly', () => {
    expect(money(0).amount).toBe('0.000000');
    expect(money(1_250).amount).toBe('0.001250');
    expect(money(12_345_678).amount).toBe('12.345678');
    expect(money(-5).amount).toBe('-0.000005');
  });
});
