/** The API's weekday keys, shown Monday first (as calendars in Germany are). */
export const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEK)[number];
export type Range = [string, string];
export type WeekHours = Record<Weekday, Range[]>;

/** Every weekday present (closed days as []), so the grid always has seven rows. */
export function toWeek(hours: Record<string, Array<[string, string]> | string[][]> | undefined): WeekHours {
  return Object.fromEntries(WEEK.map((d) => [d, ((hours?.[d] ?? []) as string[][]).map((r) => [r[0] ?? '', r[1] ?? ''] as Range)])) as WeekHours;
}

/** What the API stores: closed days left out, times trimmed. The server checks format and overlaps and names the day. */
export function fromWeek(week: WeekHours): Record<string, Range[]> {
  const out: Record<string, Range[]> = {};
  for (const d of WEEK) if (week[d].length) out[d] = week[d].map(([a, b]) => [a.trim(), b.trim()]);
  return out;
}

/** Minutes since midnight of 'HH:MM' (24:00 is the end of the day), or null when it is not such a time. */
export function minutesOf(hhmm: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm.trim());
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return Number(m[2]) < 60 && minutes <= 24 * 60 ? minutes : null;
}

/** The parts of the day a range covers, as fractions for drawing the bar; ranges that do not parse are left out. */
export function segments(ranges: Range[]): Array<{ start: number; end: number }> {
  return ranges.flatMap(([a, b]) => {
    const s = minutesOf(a);
    const e = minutesOf(b);
    return s !== null && e !== null && e > s ? [{ start: s / 1440, end: e / 1440 }] : [];
  });
}

/** Monday's hours on every working day (Tue–Fri), the usual way to fill a week. */
export function copyMondayToWeekdays(week: WeekHours): WeekHours {
  const mon = week.mon.map((r) => [...r] as Range);
  return { ...week, tue: mon.map((r) => [...r] as Range), wed: mon.map((r) => [...r] as Range), thu: mon.map((r) => [...r] as Range), fri: mon.map((r) => [...r] as Range) };
}

/** A sensible next range for a day: after its last one, else office hours. */
export function nextRange(ranges: Range[]): Range {
  const last = ranges.at(-1);
  const end = last ? minutesOf(last[1]) : null;
  if (end === null || end >= 23 * 60) return ['09:00', '17:00'];
  const hh = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return [hh(end + 60), hh(Math.min(end + 240, 24 * 60))];
}
