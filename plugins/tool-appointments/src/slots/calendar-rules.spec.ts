import { validateRules, type CalendarRules } from './calendar-rules';

const base: CalendarRules = {
  timezone: 'Europe/Berlin',
  slotMinutes: 30,
  bufferMinutes: 10,
  minLeadMinutes: 60,
  horizonDays: 30,
  workingHours: { mon: [['09:00', '12:00'], ['13:00', '17:00']], fri: [['09:00', '12:00']] },
  blockedDates: ['2026-12-24'],
};
const withHours = (workingHours: CalendarRules['workingHours']): CalendarRules => ({ ...base, workingHours });

describe('validateRules', () => {
  it('accepts sane rules', () => {
    expect(validateRules(base)).toEqual([]);
  });

  it('rejects overlapping ranges on the same day but allows touching ones', () => {
    const problems = validateRules(withHours({ tue: [['13:00', '17:00'], ['09:00', '12:00'], ['11:30', '14:00']] }));
    expect(problems).toEqual([
      'workingHours.tue: ranges 09:00-12:00 and 11:30-14:00 overlap',
      'workingHours.tue: ranges 11:30-14:00 and 13:00-17:00 overlap',
    ]);
    expect(validateRules(withHours({ tue: [['09:00', '12:00'], ['12:00', '14:00']] }))).toEqual([]);
  });

  it('rejects an unknown timezone and accepts other real ones', () => {
    expect(validateRules({ ...base, timezone: 'Europe/Atlantis' })).toEqual(['unknown timezone "Europe/Atlantis"']);
    expect(validateRules({ ...base, timezone: '' })).toEqual(['unknown timezone ""']);
    expect(validateRules({ ...base, timezone: 'America/New_York' })).toEqual([]);
    expect(validateRules({ ...base, timezone: 'Asia/Kolkata' })).toEqual([]);
  });

  it('rejects malformed HH:MM and ranges that end before they start', () => {
    const problems = validateRules(withHours({ wed: [['9:00', '12:00'], ['10:00', '25:00'], ['15:00', '14:00'], ['16:00', '16:00']] }));
    expect(problems).toEqual([
      'workingHours.wed[0]: bad start time "9:00" (want HH:MM)',
      'workingHours.wed[1]: bad end time "25:00" (want HH:MM)',
      'workingHours.wed[2]: end 14:00 must be after start 15:00',
      'workingHours.wed[3]: end 16:00 must be after start 16:00',
    ]);
  });

  it("allows '24:00' only as an end time", () => {
    expect(validateRules(withHours({ sat: [['18:00', '24:00']] }))).toEqual([]);
    expect(validateRules(withHours({ sat: [['24:00', '24:00']] }))).toEqual(['workingHours.sat[0]: bad start time "24:00" (want HH:MM)']);
  });

  it('bounds slotMinutes to 5..480 and checks the other numbers', () => {
    const narrow = withHours({ mon: [['00:00', '24:00']] });
    expect(validateRules({ ...narrow, slotMinutes: 5 })).toEqual([]);
    expect(validateRules({ ...narrow, slotMinutes: 480 })).toEqual([]);
    expect(validateRules({ ...narrow, slotMinutes: 4 })).toEqual(['slotMinutes must be an integer between 5 and 480 (got 4)']);
    expect(validateRules({ ...narrow, slotMinutes: 481 })).toEqual(['slotMinutes must be an integer between 5 and 480 (got 481)']);
    expect(validateRules({ ...narrow, slotMinutes: 7.5 })).toHaveLength(1);
    expect(validateRules({ ...narrow, bufferMinutes: -1 })[0]).toMatch(/^bufferMinutes/);
    expect(validateRules({ ...narrow, minLeadMinutes: -5 })[0]).toMatch(/^minLeadMinutes/);
    expect(validateRules({ ...narrow, horizonDays: 0 })[0]).toMatch(/^horizonDays/);
  });

  it('rejects a range shorter than one slot, unknown weekdays, no hours at all and bad blocked dates', () => {
    expect(validateRules(withHours({ mon: [['09:00', '09:20']] }))).toEqual([
      'workingHours.mon[0]: 09:00-09:20 is shorter than one slot (30 min)',
    ]);
    expect(validateRules(withHours({ funday: [['09:00', '12:00']] } as never))[0]).toMatch(/unknown weekday "funday"/);
    expect(validateRules(withHours({}))).toEqual(['workingHours has no ranges: the calendar would never be free']);
    expect(validateRules({ ...base, blockedDates: ['2026-02-30', '2026-3-01', '2026-03-01'] })).toEqual([
      'blockedDates: "2026-02-30" is not a valid YYYY-MM-DD date',
      'blockedDates: "2026-3-01" is not a valid YYYY-MM-DD date',
    ]);
  });
});
