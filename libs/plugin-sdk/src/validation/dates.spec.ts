import { parseIsoDate } from './dates';

describe('parseIsoDate', () => {
  it('reads ISO 8601 days and instants', () => {
    expect(parseIsoDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseIsoDate('2026-03-01T09:30:00+01:00')?.toISOString()).toBe('2026-03-01T08:30:00.000Z');
    expect(parseIsoDate('2026-03-01T09:30:00.123Z')?.toISOString()).toBe('2026-03-01T09:30:00.123Z');
  });

  it('refuses days that do not exist, years outside 1970..9999 and other spellings', () => {
    for (const text of ['2026-02-30', '2025-02-29', '2026-04-31', '99999-01-01', '-271821-04-20', '1969-12-31', '2026-13-01', '2026-01-01T24:00:00Z', 'March 1, 2026', '']) {
      expect({ text, parsed: parseIsoDate(text) }).toEqual({ text, parsed: null });
    }
  });

  it('takes only a day when asked to', () => {
    expect(parseIsoDate('2026-12-24', { dateOnly: true })).not.toBeNull();
    expect(parseIsoDate('2026-12-24T10:00:00Z', { dateOnly: true })).toBeNull();
  });
});
