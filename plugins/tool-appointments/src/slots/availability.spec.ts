import { freeSlots, isBookable, MAX_SLOTS, type Interval } from './availability';
import type { CalendarRules } from './calendar-rules';

const weekdays = (ranges: Array<[string, string]>): CalendarRules['workingHours'] => ({
  mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges,
});
const berlin: CalendarRules = {
  timezone: 'Europe/Berlin',
  slotMinutes: 30,
  bufferMinutes: 0,
  minLeadMinutes: 0,
  horizonDays: 365,
  workingHours: weekdays([['09:00', '12:00']]),
  blockedDates: [],
};
const d = (s: string) => new Date(s);
const early = d('2026-01-01T00:00:00Z');
const query = (from: string, to: string, extra: { now?: Date; busy?: Interval[] } = {}) => ({
  from: d(from), to: d(to), now: extra.now ?? early, busy: extra.busy ?? [],
});
const locals = (slots: Array<{ localStart: string }>) => slots.map((s) => s.localStart);
const utc = (slots: Array<{ start: Date }>) => slots.map((s) => s.start.toISOString());

describe('freeSlots', () => {
  it('keeps local wall times across the spring-forward weekend in Berlin', () => {
    const rules = { ...berlin, workingHours: { sat: [['09:00', '11:00']], sun: [['09:00', '11:00']], mon: [['09:00', '11:00']] } } as CalendarRules;
    const slots = freeSlots(rules, query('2026-03-28T00:00:00Z', '2026-03-31T00:00:00Z'));
    expect(slots).toHaveLength(12);
    expect(locals(slots).filter((l) => l.endsWith('T09:00'))).toEqual(['2026-03-28T09:00', '2026-03-29T09:00', '2026-03-30T09:00']);
    expect(utc(slots).filter((_, i) => i % 4 === 0)).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z']);
  });

  it('skips wall times that do not exist on 2026-03-29 and never double-books the repeated hour on 2026-10-25', () => {
    const rules = { ...berlin, workingHours: { sun: [['01:00', '04:00']] } } as CalendarRules;
    const spring = freeSlots(rules, query('2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z'));
    expect(locals(spring)).toEqual(['2026-03-29T01:00', '2026-03-29T01:30', '2026-03-29T03:00', '2026-03-29T03:30']);
    expect(spring[1].label).toBe('Sun 29 Mar 2026, 01:30–03:00 (Europe/Berlin)');
    const autumn = freeSlots(rules, query('2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z'));
    expect(locals(autumn)).toEqual(['01:00', '01:30', '02:00', '02:30', '03:00', '03:30'].map((t) => `2026-10-25T${t}`));
    expect(utc(autumn)).toEqual([
      '2026-10-24T23:00:00.000Z', '2026-10-24T23:30:00.000Z', '2026-10-25T00:00:00.000Z',
      '2026-10-25T00:30:00.000Z', '2026-10-25T02:00:00.000Z', '2026-10-25T02:30:00.000Z',
    ]);
  });

  it('keeps 09:00 local across the fall-back weekend in Berlin', () => {
    const rules = { ...berlin, workingHours: { sat: [['09:00', '10:00']], sun: [['09:00', '10:00']], mon: [['09:00', '10:00']] } } as CalendarRules;
    const slots = freeSlots(rules, query('2026-10-24T00:00:00Z', '2026-10-27T00:00:00Z'));
    expect(slots).toHaveLength(6);
    expect(utc(slots).filter((_, i) => i % 2 === 0)).toEqual(['2026-10-24T07:00:00.000Z', '2026-10-25T08:00:00.000Z', '2026-10-26T08:00:00.000Z']);
  });

  it('lays out hour slots in New York across its own DST switch', () => {
    const rules: CalendarRules = { ...berlin, timezone: 'America/New_York', slotMinutes: 60, workingHours: weekdays([['09:00', '17:00']]) };
    const slots = freeSlots(rules, query('2026-03-06T00:00:00Z', '2026-03-10T00:00:00Z'));
    expect(slots).toHaveLength(16);
    expect(slots[0].start.toISOString()).toBe('2026-03-06T14:00:00.000Z');
    expect(slots[8].start.toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(slots[8].label).toBe('Mon 9 Mar 2026, 09:00–10:00 (America/New_York)');
    expect(slots[15].localStart).toBe('2026-03-09T16:00');
  });

  it('formats labels in the calendar timezone', () => {
    const [slot] = freeSlots(berlin, query('2026-03-03T08:30:00Z', '2026-03-03T09:00:00Z'));
    expect(slot.label).toBe('Tue 3 Mar 2026, 09:30–10:00 (Europe/Berlin)');
    expect(slot.localStart).toBe('2026-03-03T09:30');
    expect(slot.end.toISOString()).toBe('2026-03-03T09:00:00.000Z');
  });

  it('uses the buffer to block neighbours of a booking', () => {
    const busy = [{ start: d('2026-03-03T09:00:00Z'), end: d('2026-03-03T09:30:00Z') }]; // 10:00-10:30 local
    const day = ['2026-03-03T00:00:00Z', '2026-03-04T00:00:00Z'] as const;
    expect(locals(freeSlots(berlin, query(...day, { busy })))).toEqual(['09:00', '09:30', '10:30', '11:00', '11:30'].map((t) => `2026-03-03T${t}`));
    const buffered = freeSlots({ ...berlin, bufferMinutes: 15 }, query(...day, { busy }));
    expect(locals(buffered)).toEqual(['09:00', '11:00', '11:30'].map((t) => `2026-03-03T${t}`));
  });

  it('applies minimum lead time and booking horizon', () => {
    const now = d('2026-03-03T08:40:00Z'); // Tue 09:40 local
    const rules = { ...berlin, minLeadMinutes: 60, horizonDays: 2 };
    const slots = freeSlots(rules, query('2026-03-01T00:00:00Z', '2026-03-10T00:00:00Z', { now }));
    expect(slots).toHaveLength(10);
    expect(slots[0].localStart).toBe('2026-03-03T11:00');
    expect(locals(slots).slice(-3)).toEqual(['2026-03-04T11:30', '2026-03-05T09:00', '2026-03-05T09:30']);
  });

  it('skips blocked dates and respects [from, to)', () => {
    const rules = { ...berlin, blockedDates: ['2026-03-04'] };
    const slots = freeSlots(rules, query('2026-03-03T00:00:00Z', '2026-03-06T00:00:00Z'));
    expect(slots).toHaveLength(12);
    expect(slots.some((s) => s.localStart.startsWith('2026-03-04'))).toBe(false);
    expect(locals(freeSlots(berlin, query('2026-03-03T09:00:00Z', '2026-03-03T10:00:00Z')))).toEqual(['2026-03-03T10:00', '2026-03-03T10:30']);
    expect(freeSlots(berlin, query('2026-03-03T10:00:00Z', '2026-03-03T09:00:00Z'))).toEqual([]);
  });

  it('caps the result at 200 sorted slots', () => {
    const allDay: Array<[string, string]> = [['12:00', '24:00'], ['00:00', '12:00']];
    const rules = { ...berlin, slotMinutes: 5, workingHours: { ...weekdays(allDay), sat: allDay, sun: allDay } };
    const slots = freeSlots(rules, query('2026-03-03T00:00:00Z', '2026-03-10T00:00:00Z'));
    expect(slots).toHaveLength(MAX_SLOTS);
    expect(slots[0].localStart).toBe('2026-03-03T01:00');
    const starts = slots.map((s) => s.start.getTime());
    expect(starts.every((t, i) => i === 0 || t - starts[i - 1] === 5 * 60_000)).toBe(true);
  });

  it('throws on invalid rules', () => {
    expect(() => freeSlots({ ...berlin, timezone: 'Nowhere/Land' }, query('2026-03-03T00:00:00Z', '2026-03-04T00:00:00Z'))).toThrow(
      'Invalid calendar rules: unknown timezone "Nowhere/Land"',
    );
  });
});

describe('isBookable', () => {
  const now = d('2026-03-02T08:00:00Z'); // Mon 09:00 local
  const at = (start: string, minutes = 30) => ({ start: d(start), end: new Date(d(start).getTime() + minutes * 60_000) });
  const ctx = { now, busy: [] as Interval[] };

  it('accepts a free slot on the grid and every slot freeSlots offers', () => {
    expect(isBookable(berlin, at('2026-03-03T08:30:00Z'), ctx)).toBeNull();
    const rules = { ...berlin, bufferMinutes: 15, minLeadMinutes: 90, horizonDays: 3 };
    const busy = [{ start: d('2026-03-03T09:00:00Z'), end: d('2026-03-03T09:30:00Z') }];
    const offered = freeSlots(rules, { from: d('2026-03-01T00:00:00Z'), to: d('2026-03-09T00:00:00Z'), now, busy });
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.map((s) => isBookable(rules, s, { now, busy })).every((r) => r === null)).toBe(true);
  });

  it('explains each rejection', () => {
    expect(isBookable(berlin, at('2026-03-03T11:00:00Z'), ctx)).toBe('outside working hours'); // Tue 12:00
    expect(isBookable(berlin, at('2026-03-07T09:00:00Z'), ctx)).toBe('outside working hours'); // Saturday
    expect(isBookable({ ...berlin, workingHours: weekdays([['09:00', '11:45']]) }, at('2026-03-03T10:30:00Z'), ctx)).toBe('outside working hours'); // 11:30-12:00
    expect(isBookable(berlin, at('2026-03-03T08:15:00Z'), ctx)).toBe('not aligned to the slot grid');
    expect(isBookable(berlin, at('2026-03-03T08:00:00Z', 45), ctx)).toBe('not aligned to the slot grid');
    expect(isBookable(berlin, at('2026-03-03T08:00:30Z'), ctx)).toBe('not aligned to the slot grid');
    expect(isBookable({ ...berlin, blockedDates: ['2026-03-03'] }, at('2026-03-03T08:30:00Z'), ctx)).toBe('blocked date');
    expect(isBookable({ ...berlin, minLeadMinutes: 60 }, at('2026-03-02T08:30:00Z'), ctx)).toBe('too soon');
    expect(isBookable({ ...berlin, minLeadMinutes: 60 }, at('2026-03-02T09:00:00Z'), ctx)).toBeNull();
    expect(isBookable({ ...berlin, horizonDays: 30 }, at('2026-04-14T07:00:00Z'), ctx)).toBe('beyond horizon');
    const busy = [{ start: d('2026-03-03T09:00:00Z'), end: d('2026-03-03T09:30:00Z') }];
    expect(isBookable({ ...berlin, bufferMinutes: 15 }, at('2026-03-03T09:30:00Z'), { now, busy })).toBe('overlaps a booking');
    expect(isBookable(berlin, at('2026-03-03T09:30:00Z'), { now, busy })).toBeNull();
  });

  it('only accepts the first occurrence of a repeated wall time', () => {
    const rules = { ...berlin, workingHours: { sun: [['01:00', '04:00']] } } as CalendarRules;
    expect(isBookable(rules, at('2026-10-25T00:30:00Z'), ctx)).toBeNull(); // 02:30 CEST
    expect(isBookable(rules, at('2026-10-25T01:30:00Z'), ctx)).toBe('not aligned to the slot grid'); // 02:30 CET
  });
});
