import { addDays, localDateOf, localDateTimeOf, offsetMinutesAt, weekdayOf, zonedToUtc } from './zoned-time';

const BER = 'Europe/Berlin';
const NY = 'America/New_York';
const iso = (d: Date | null) => d?.toISOString() ?? null;
const hm = (h: number, m = 0) => h * 60 + m;

describe('zoned time', () => {
  it('converts ordinary wall times to instants on both sides of DST', () => {
    expect(iso(zonedToUtc('2026-01-15', hm(9), BER))).toBe('2026-01-15T08:00:00.000Z');
    expect(iso(zonedToUtc('2026-07-15', hm(9), BER))).toBe('2026-07-15T07:00:00.000Z');
    expect(iso(zonedToUtc('2026-01-15', hm(9), NY))).toBe('2026-01-15T14:00:00.000Z');
    expect(iso(zonedToUtc('2026-07-15', hm(9), NY))).toBe('2026-07-15T13:00:00.000Z');
    expect(iso(zonedToUtc('2026-01-15', hm(9), 'Asia/Kolkata'))).toBe('2026-01-15T03:30:00.000Z');
  });

  it('returns null for wall times skipped by spring-forward', () => {
    expect(zonedToUtc('2026-03-29', hm(2), BER)).toBeNull();
    expect(zonedToUtc('2026-03-29', hm(2, 30), BER)).toBeNull();
    expect(iso(zonedToUtc('2026-03-29', hm(1, 59), BER))).toBe('2026-03-29T00:59:00.000Z');
    expect(iso(zonedToUtc('2026-03-29', hm(3), BER))).toBe('2026-03-29T01:00:00.000Z');
    expect(zonedToUtc('2026-03-08', hm(2, 30), NY)).toBeNull();
  });

  it('uses the first occurrence of wall times repeated by fall-back', () => {
    // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
    expect(iso(zonedToUtc('2026-10-25', hm(2, 30), BER))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(zonedToUtc('2026-10-25', hm(3), BER))).toBe('2026-10-25T02:00:00.000Z');
    // 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(iso(zonedToUtc('2026-11-01', hm(1, 30), NY))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('reads local dates, wall times and offsets of an instant', () => {
    const lateSaturdayUtc = new Date('2026-03-28T23:30:00Z');
    expect(localDateOf(lateSaturdayUtc, BER)).toBe('2026-03-29');
    expect(localDateOf(lateSaturdayUtc, NY)).toBe('2026-03-28');
    expect(localDateTimeOf(lateSaturdayUtc, NY)).toBe('2026-03-28T19:30');
    expect(localDateTimeOf(new Date('2026-06-01T22:00:00Z'), BER)).toBe('2026-06-02T00:00');
    expect(offsetMinutesAt(new Date('2026-01-15T12:00:00Z'), BER)).toBe(60);
    expect(offsetMinutesAt(new Date('2026-07-15T12:00:00Z'), BER)).toBe(120);
    expect(offsetMinutesAt(new Date('2026-01-15T12:00:00Z'), NY)).toBe(-300);
  });

  it('does calendar arithmetic on plain dates', () => {
    expect(weekdayOf('2026-03-03')).toBe('tue');
    expect(weekdayOf('2026-03-29')).toBe('sun');
    expect(weekdayOf('2026-10-25')).toBe('sun');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('throws for an unknown zone', () => {
    expect(() => localDateOf(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
