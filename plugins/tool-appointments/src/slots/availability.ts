import { parseHhmm, validateRules, type CalendarRules } from './calendar-rules';
import { addDays, localDateOf, localDateTimeOf, localMinutesOf, localPartsOf, weekdayOf, zonedToUtc } from './zoned-time';

export type Interval = { start: Date; end: Date };
export type AvailabilityContext = { now: Date; busy: Interval[] };
export type SlotQuery = AvailabilityContext & { from: Date; to: Date };
export type Slot = {
  start: Date;
  end: Date;
  /** 'YYYY-MM-DDTHH:MM' in the calendar's timezone. */
  localStart: string;
  /** e.g. 'Tue 3 Mar 2026, 09:30–10:00 (Europe/Berlin)'. */
  label: string;
};
export type BookingRejection =
  | 'outside working hours'
  | 'too soon'
  | 'beyond horizon'
  | 'blocked date'
  | 'overlaps a booking'
  | 'not aligned to the slot grid';

export const MAX_SLOTS = 200;
const MINUTE = 60_000;
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function assertValid(rules: CalendarRules): void {
  const problems = validateRules(rules);
  if (problems.length) throw new Error(`Invalid calendar rules: ${problems.join('; ')}`);
}

/** Working ranges of a weekday as [startMinute, endMinute) pairs, sorted. */
function rangesFor(rules: CalendarRules, localDate: string): Array<[number, number]> {
  return (rules.workingHours[weekdayOf(localDate)] ?? [])
    .map(([s, e]) => [parseHhmm(s) as number, parseHhmm(e, true) as number] as [number, number])
    .sort((a, b) => a[0] - b[0]);
}

const overlaps = (aStart: number, aEnd: number, b: Interval) => aStart < b.end.getTime() && b.start.getTime() < aEnd;

function clashesWithBusy(rules: CalendarRules, start: number, end: number, busy: Interval[]): boolean {
  const pad = rules.bufferMinutes * MINUTE;
  return busy.some((b) => overlaps(start - pad, end + pad, b));
}

const hhmm = (d: Date, tz: string) => localDateTimeOf(d, tz).slice(11);

/** 'Tue 3 Mar 2026, 09:30–10:00 (Europe/Berlin)' */
export function slotLabel(start: Date, end: Date, tz: string): string {
  const p = localPartsOf(start, tz);
  const date = localDateOf(start, tz);
  const day = DAY_NAMES[new Date(`${date}T00:00:00Z`).getUTCDay()];
  return `${day} ${p.day} ${MONTH_NAMES[p.month - 1]} ${p.year}, ${hhmm(start, tz)}–${hhmm(end, tz)} (${tz})`;
}

function toSlot(start: Date, end: Date, tz: string): Slot {
  return { start, end, localStart: localDateTimeOf(start, tz), label: slotLabel(start, end, tz) };
}

/**
 * Free slots starting in [from, to), sorted, at most MAX_SLOTS.
 * Slots are laid out every slotMinutes from the start of each working range (local wall time) and
 * must fit inside the range; a slot is free when [start - buffer, end + buffer) misses every busy interval.
 * Throws when the rules are invalid (see validateRules).
 */
export function freeSlots(rules: CalendarRules, query: SlotQuery): Slot[] {
  assertValid(rules);
  const tz = rules.timezone;
  const earliest = Math.max(query.from.getTime(), query.now.getTime() + rules.minLeadMinutes * MINUTE);
  const horizon = query.now.getTime() + rules.horizonDays * 24 * 60 * MINUTE;
  const latest = Math.min(query.to.getTime(), horizon + 1); // exclusive bound
  if (earliest >= latest) return [];

  const blocked = new Set(rules.blockedDates);
  const lastDate = localDateOf(new Date(latest), tz);
  const slots: Slot[] = [];
  for (let date = addDays(localDateOf(new Date(earliest), tz), -1); date <= lastDate; date = addDays(date, 1)) {
    if (blocked.has(date)) continue;
    for (const [rangeStart, rangeEnd] of rangesFor(rules, date)) {
      for (let m = rangeStart; m + rules.slotMinutes <= rangeEnd; m += rules.slotMinutes) {
        const start = zonedToUtc(date, m, tz);
        if (!start) continue; // wall time skipped by a DST change
        const s = start.getTime();
        const e = s + rules.slotMinutes * MINUTE;
        if (s < earliest || s >= latest) continue;
        if (clashesWithBusy(rules, s, e, query.busy)) continue;
        slots.push(toSlot(start, new Date(e), tz));
      }
    }
    if (slots.length >= MAX_SLOTS) break; // days are visited in order, so later days cannot come earlier
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime()).slice(0, MAX_SLOTS);
}

/** Why `slot` cannot be booked, or null when it can. Throws when the rules are invalid. */
export function isBookable(rules: CalendarRules, slot: Interval, ctx: AvailabilityContext): BookingRejection | null {
  assertValid(rules);
  const tz = rules.timezone;
  const s = slot.start.getTime();
  const e = slot.end.getTime();
  const date = localDateOf(slot.start, tz);
  const minute = localMinutesOf(slot.start, tz);
  const range = rangesFor(rules, date).find(([rs, re]) => minute >= rs && minute < re);
  if (!range || minute + (e - s) / MINUTE > range[1]) return 'outside working hours';
  const onGrid =
    e - s === rules.slotMinutes * MINUTE &&
    (minute - range[0]) % rules.slotMinutes === 0 &&
    zonedToUtc(date, minute, tz)?.getTime() === s; // also rejects seconds and the repeated DST hour
  if (!onGrid) return 'not aligned to the slot grid';
  if (rules.blockedDates.includes(date)) return 'blocked date';
  if (s < ctx.now.getTime() + rules.minLeadMinutes * MINUTE) return 'too soon';
  if (s > ctx.now.getTime() + rules.horizonDays * 24 * 60 * MINUTE) return 'beyond horizon';
  if (clashesWithBusy(rules, s, e, ctx.busy)) return 'overlaps a booking';
  return null;
}
