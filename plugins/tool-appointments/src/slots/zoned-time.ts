/**
 * Wall time <-> instant conversion for IANA zones, using only Intl.
 * Local dates are 'YYYY-MM-DD' strings, wall times are minutes after local midnight.
 */
import { WEEKDAYS, type Weekday } from './calendar-rules';

export type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    // Throws RangeError for an unknown zone, which is what callers want.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Calendar fields of `instant` as shown on a wall clock in `tz`. */
export function localPartsOf(instant: Date, tz: string): LocalParts {
  const out: Record<string, number> = {};
  for (const p of formatterFor(tz).formatToParts(instant)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year,
    month: out.month,
    day: out.day,
    hour: out.hour === 24 ? 0 : out.hour,
    minute: out.minute,
    second: out.second,
  };
}

/** UTC offset of `tz` at `instant`, in minutes (Berlin in summer: +120). */
export function offsetMinutesAt(instant: Date, tz: string): number {
  const p = localPartsOf(instant, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const truncated = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - truncated) / MINUTE);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function splitDate(localDate: string): [number, number, number] {
  const [y, m, d] = localDate.split('-').map(Number);
  return [y, m, d];
}

/** 'YYYY-MM-DD' of `instant` in `tz`. */
export function localDateOf(instant: Date, tz: string): string {
  const p = localPartsOf(instant, tz);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** 'YYYY-MM-DDTHH:MM' of `instant` in `tz`. */
export function localDateTimeOf(instant: Date, tz: string): string {
  const p = localPartsOf(instant, tz);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** Minutes after local midnight of `instant` in `tz` (seconds dropped). */
export function localMinutesOf(instant: Date, tz: string): number {
  const p = localPartsOf(instant, tz);
  return p.hour * 60 + p.minute;
}

/** Weekday key of a 'YYYY-MM-DD' calendar date (independent of any zone). */
export function weekdayOf(localDate: string): Weekday {
  const [y, m, d] = splitDate(localDate);
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
}

/** Calendar arithmetic on 'YYYY-MM-DD'. */
export function addDays(localDate: string, days: number): string {
  const [y, m, d] = splitDate(localDate);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * The instant at which clocks in `tz` show `localDate` at `minutes` after midnight.
 * Returns null when that wall time does not exist (skipped by a spring-forward change);
 * for an ambiguous wall time (repeated by a fall-back change) returns the first occurrence.
 */
export function zonedToUtc(localDate: string, minutes: number, tz: string): Date | null {
  const [y, m, d] = splitDate(localDate);
  const wallAsUtc = Date.UTC(y, m - 1, d, 0, minutes);
  // Any offset in force within a day either side is a candidate; real transitions are far apart.
  const offsets = new Set<number>();
  for (const probe of [-24, -12, 0, 12, 24]) {
    offsets.add(offsetMinutesAt(new Date(wallAsUtc + probe * HOUR), tz));
  }
  const matches: number[] = [];
  for (const off of offsets) {
    const candidate = wallAsUtc - off * MINUTE;
    const p = localPartsOf(new Date(candidate), tz);
    if (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) === wallAsUtc) matches.push(candidate);
  }
  return matches.length ? new Date(Math.min(...matches)) : null;
}
