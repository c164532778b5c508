import { addDays, dayKey, formatDateTime, formatListTime, startOfDayIn } from './dates';
import { formatDuration } from './duration';
import { formatMoney, microsToDecimal } from './money';
import { formatNumber, formatPercent } from './numbers';

// Intl uses narrow no-break spaces in some locales; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money from micro-units', () => {
  it('turns micro-units into an exact decimal without floats', () => {
    expect(microsToDecimal('1250')).toBe('0.001250');
    expect(microsToDecimal(12_340_000)).toBe('12.340000');
    expect(microsToDecimal('-5')).toBe('-0.000005');
    // Beyond Number.MAX_SAFE_INTEGER: a float would round this.
    expect(microsToDecimal('90071992547409931')).toBe('90071992547.409931');
  });

  it('shows cents for a cent or more, in the locale', () => {
    expect(plain(formatMoney('12340000', 'en'))).toBe('$12.34');
    expect(plain(formatMoney('12340000', 'de'))).toBe('12,34 $');
    expect(plain(formatMoney(1_234_567_890_000, 'de'))).toBe('1.234.567,89 $');
    expect(plain(formatMoney('90071992547409931', 'en'))).toBe('$90,071,992,547.41');
  });

  it('keeps a fraction of a cent visible instead of rounding it to zero', () => {
    expect(plain(formatMoney('312', 'en'))).toBe('$0.00031');
    expect(plain(formatMoney('1250', 'de'))).toBe('0,0013 $');
    expect(plain(formatMoney(0, 'en'))).toBe('$0.00');
    expect(formatMoney(null, 'en')).toBe('–');
  });

  it('uses the given currency', () => {
    expect(plain(formatMoney('2500000', 'de', 'EUR'))).toBe('2,50 €');
  });
});

describe('durations', () => {
  it('picks a unit that reads well', () => {
    expect(plain(formatDuration(850, 'en'))).toBe('850 ms');
    expect(plain(formatDuration(1234, 'en'))).toBe('1.2 sec');
    expect(plain(formatDuration(1234, 'de'))).toBe('1,2 Sek.');
    expect(plain(formatDuration(185_000, 'en'))).toBe('3 min 5 sec');
    expect(plain(formatDuration(120_000, 'en'))).toBe('2 min');
    expect(plain(formatDuration(2 * 3_600_000 + 4 * 60_000, 'de'))).toBe('2 Std. 4 Min.');
    expect(formatDuration(null, 'en')).toBe('–');
  });
});

describe('dates in the tenant timezone', () => {
  const berlin = { locale: 'de', timeZone: 'Europe/Berlin' };
  it('formats in the tenant timezone, not the machine one', () => {
    // 23:30 UTC on 6 Dec is already 7 Dec in Berlin.
    expect(plain(formatDateTime('2026-12-06T23:30:00Z', berlin))).toBe('07.12.2026, 00:30');
    expect(plain(formatDateTime('2026-12-06T23:30:00Z', { locale: 'en', timeZone: 'America/New_York' }))).toBe('Dec 6, 2026, 6:30 PM');
    expect(dayKey('2026-12-06T23:30:00Z', 'Europe/Berlin')).toBe('2026-12-07');
  });

  it('shows the time alone for today and the date otherwise', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    expect(plain(formatListTime('2026-12-06T23:30:00Z', berlin, now))).toBe('00:30');
    expect(plain(formatListTime('2026-12-06T12:00:00Z', berlin, now))).toBe('6. Dez., 13:00');
    expect(plain(formatListTime('2025-12-06T12:00:00Z', { locale: 'en', timeZone: 'UTC' }, now))).toBe('Dec 6, 2025, 12:00 PM');
  });

  it('finds the instant a day starts in a timezone, across the summer-time change', () => {
    expect(startOfDayIn('2026-12-07', 'Europe/Berlin').toISOString()).toBe('2026-12-06T23:00:00.000Z');
    expect(startOfDayIn('2026-07-01', 'Europe/Berlin').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(startOfDayIn('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDayIn('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfDayIn('2026-12-07', 'UTC').toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('numbers', () => {
  it('formats counts and shares for the locale', () => {
    expect(formatNumber(1234.5, 'de', 1)).toBe('1.234,5');
    expect(plain(formatPercent(0.875, 'de'))).toBe('87,5 %');
    expect(formatPercent(0.875, 'en')).toBe('87.5%');
    expect(formatPercent(null, 'en')).toBe('–');
  });
});
