import { parseDay } from './parse-day';

describe('parseDay', () => {
  it('reads German and ISO days', () => {
    expect(parseDay('15.11.2026')).toBe('2026-11-15');
    expect(parseDay('5.1.26')).toBe('2026-01-05');
    expect(parseDay('2026-11-15')).toBe('2026-11-15');
  });

  it('refuses what is not a day of the calendar', () => {
    expect(parseDay('31.02.2026')).toBeNull();
    expect(parseDay('11/15/2026')).toBeNull();
    expect(parseDay('tomorrow')).toBeNull();
  });
});
