import { fromApiThreshold, toApiThreshold } from './alerts/threshold';
import { amountToDecimal, spentPercent } from './budgets/decimal';

describe('budget amounts as typed', () => {
  it('takes English and German decimals to the API decimal string, and nothing else', () => {
    expect(amountToDecimal('250')).toBe('250');
    expect(amountToDecimal(' 250.50 ')).toBe('250.50');
    expect(amountToDecimal('250,5')).toBe('250.5');
    expect(amountToDecimal('0,000001')).toBe('0.000001');
    for (const bad of ['', '12,5x', '-3', '1.0000001', '1,000.50', '1e3', '1234567890']) expect(amountToDecimal(bad)).toBeNull();
  });

  it('shows spent of the limit as a whole percent, capped, from integer micro-units', () => {
    expect(spentPercent(0, 250_000_000)).toBe(0);
    expect(spentPercent(200_000_000, 250_000_000)).toBe(80);
    expect(spentPercent(300_000_000, 250_000_000)).toBe(100);
    expect(spentPercent(1, 0)).toBe(100);
  });
});

describe('alert thresholds between the form and the API', () => {
  it('converts seconds and percent both ways and leaves counts and USD alone', () => {
    expect(toApiThreshold('response_time_p95', 8)).toBe(8000);
    expect(fromApiThreshold('response_time_p95', 8000)).toBe(8);
    expect(toApiThreshold('error_rate', 5)).toBeCloseTo(0.05);
    expect(fromApiThreshold('error_rate', 0.05)).toBe(5);
    expect(toApiThreshold('failed_deliveries', 3)).toBe(3);
    expect(toApiThreshold('cost', 10)).toBe(10);
  });
});
