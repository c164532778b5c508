/** Booking rules of one calendar. All wall times and dates are local to `timezone`. */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type CalendarRules = {
  /** IANA zone, e.g. 'Europe/Berlin'. */
  timezone: string;
  /** Length of one appointment, 5..480. */
  slotMinutes: number;
  /** Free time required before and after every existing booking. */
  bufferMinutes: number;
  /** A slot must start at least this long after "now". */
  minLeadMinutes: number;
  /** A slot must start no later than now + horizonDays * 24h. */
  horizonDays: number;
  /** 'HH:MM' local ranges per weekday, end exclusive; an end of '24:00' means midnight. */
  workingHours: Partial<Record<Weekday, Array<[string, string]>>>;
  /** 'YYYY-MM-DD' local dates without any slot. */
  blockedDates: string[];
};

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'HH:MM' -> minutes after midnight; '24:00' only when allowEndOfDay. null when malformed. */
export function parseHhmm(value: unknown, allowEndOfDay = false): number | null {
  if (typeof value !== 'string') return null;
  if (allowEndOfDay && value === '24:00') return 24 * 60;
  const m = HHMM.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function isValidLocalDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = YMD.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

export function isKnownTimezone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || tz.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function checkInt(problems: string[], name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer between ${min} and ${max} (got ${JSON.stringify(value)})`);
  }
}

/** Every problem found in the rules; an empty array means the rules are usable. */
export function validateRules(rules: CalendarRules): string[] {
  const problems: string[] = [];
  if (!rules || typeof rules !== 'object') return ['rules must be an object'];
  if (!isKnownTimezone(rules.timezone)) {
    problems.push(`unknown timezone ${JSON.stringify(rules.timezone)}`);
  }
  checkInt(problems, 'slotMinutes', rules.slotMinutes, 5, 480);
  checkInt(problems, 'bufferMinutes', rules.bufferMinutes, 0, 480);
  checkInt(problems, 'minLeadMinutes', rules.minLeadMinutes, 0, 60 * 24 * 365);
  checkInt(problems, 'horizonDays', rules.horizonDays, 1, 730);

  const hours = rules.workingHours;
  let rangeCount = 0;
  if (!hours || typeof hours !== 'object') {
    problems.push('workingHours must be an object keyed by weekday');
  } else {
    for (const [day, ranges] of Object.entries(hours)) {
      if (!(WEEKDAYS as readonly string[]).includes(day)) {
        problems.push(`workingHours: unknown weekday "${day}" (use ${WEEKDAYS.join(', ')})`);
        continue;
      }
      if (!Array.isArray(ranges)) {
        problems.push(`workingHours.${day} must be an array of ['HH:MM', 'HH:MM'] ranges`);
        continue;
      }
      const parsed: Array<[number, number, string]> = [];
      ranges.forEach((range: unknown, i) => {
        const where = `workingHours.${day}[${i}]`;
        if (!Array.isArray(range) || range.length !== 2) {
          problems.push(`${where} must be a ['HH:MM', 'HH:MM'] pair`);
          return;
        }
        const start = parseHhmm(range[0]);
        const end = parseHhmm(range[1], true);
        if (start === null) problems.push(`${where}: bad start time ${JSON.stringify(range[0])} (want HH:MM)`);
        if (end === null) problems.push(`${where}: bad end time ${JSON.stringify(range[1])} (want HH:MM)`);
        if (start === null || end === null) return;
        if (end <= start) {
          problems.push(`${where}: end ${range[1]} must be after start ${range[0]}`);
          return;
        }
        if (typeof rules.slotMinutes === 'number' && end - start < rules.slotMinutes) {
          problems.push(`${where}: ${range[0]}-${range[1]} is shorter than one slot (${rules.slotMinutes} min)`);
        }
        parsed.push([start, end, `${range[0]}-${range[1]}`]);
        rangeCount++;
      });
      parsed.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < parsed.length; i++) {
        if (parsed[i][0] < parsed[i - 1][1]) {
          problems.push(`workingHours.${day}: ranges ${parsed[i - 1][2]} and ${parsed[i][2]} overlap`);
        }
      }
    }
    if (rangeCount === 0 && problems.length === 0) problems.push('workingHours has no ranges: the calendar would never be free');
  }

  if (!Array.isArray(rules.blockedDates)) {
    problems.push('blockedDates must be an array of YYYY-MM-DD strings');
  } else {
    for (const d of rules.blockedDates) {
      if (!isValidLocalDate(d)) problems.push(`blockedDates: ${JSON.stringify(d)} is not a valid YYYY-MM-DD date`);
    }
  }
  return problems;
}
