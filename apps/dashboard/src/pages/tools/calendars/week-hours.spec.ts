import { copyMondayToWeekdays, fromWeek, minutesOf, nextRange, segments, toWeek } from './week-hours';

describe('week hours', () => {
  it('round-trips the API shape, leaving closed days out', () => {
    const week = toWeek({ mon: [['09:00', '12:00'], ['13:00', '17:00']], sat: [[' 10:00', '14:00 ']] });
    expect(week.tue).toEqual([]);
    expect(Object.keys(week)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    expect(fromWeek(week)).toEqual({ mon: [['09:00', '12:00'], ['13:00', '17:00']], sat: [['10:00', '14:00']] });
  });

  it('reads HH:MM up to the end of the day', () => {
    expect(minutesOf('09:30')).toBe(570);
    expect(minutesOf('24:00')).toBe(1440);
    expect(minutesOf('24:30')).toBeNull();
    expect(minutesOf('9:30')).toBeNull();
    expect(minutesOf('09:75')).toBeNull();
  });

  it('draws only ranges that parse and run forwards', () => {
    expect(segments([['06:00', '12:00'], ['13:00', '12:00'], ['x', '10:00']])).toEqual([{ start: 0.25, end: 0.5 }]);
  });

  it('copies Monday to Tuesday–Friday without sharing arrays, and suggests a next range', () => {
    const week = copyMondayToWeekdays(toWeek({ mon: [['08:00', '16:00']], sat: [['10:00', '12:00']] }));
    expect(week.fri).toEqual([['08:00', '16:00']]);
    expect(week.sat).toEqual([['10:00', '12:00']]);
    week.tue[0][0] = '07:00';
    expect(week.mon[0][0]).toBe('08:00');
    expect(nextRange([])).toEqual(['09:00', '17:00']);
    expect(nextRange([['09:00', '12:00']])).toEqual(['13:00', '16:00']);
    expect(nextRange([['09:00', '23:30']])).toEqual(['09:00', '17:00']);
  });
});
