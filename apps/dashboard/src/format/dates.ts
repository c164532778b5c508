/** Dates are shown in the tenant's timezone (not the browser's), so every operator sees the same day boundaries. */
export interface DateContext {
  locale: string;
  timeZone: string;
}

const toDate = (value: string | number | Date) => (value instanceof Date ? value : new Date(value));

export function formatDateTime(value: string | number | Date | null | undefined, ctx: DateContext): string {
  if (value === null || value === undefined) return '–';
  return new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: ctx.timeZone }).format(toDate(value));
}

export function formatDate(value: string | number | Date | null | undefined, ctx: DateContext): string {
  if (value === null || value === undefined) return '–';
  return new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'medium', timeZone: ctx.timeZone }).format(toDate(value));
}

/** The calendar day of an instant in a timezone, as YYYY-MM-DD. */
export function dayKey(value: string | number | Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).formatToParts(toDate(value));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** For lists: the time alone when it is today in the tenant's timezone, the date and time otherwise. */
export function formatListTime(value: string | number | Date | null | undefined, ctx: DateContext, now: Date = new Date()): string {
  if (value === null || value === undefined) return '–';
  const date = toDate(value);
  if (dayKey(date, ctx.timeZone) === dayKey(now, ctx.timeZone)) {
    return new Intl.DateTimeFormat(ctx.locale, { timeStyle: 'short', timeZone: ctx.timeZone }).format(date);
  }
  const sameYear = dayKey(date, ctx.timeZone).slice(0, 4) === dayKey(now, ctx.timeZone).slice(0, 4);
  return new Intl.DateTimeFormat(ctx.locale, {
    day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }), hour: '2-digit', minute: '2-digit', timeZone: ctx.timeZone,
  }).format(date);
}

/** Offset of a timezone from UTC at an instant, in minutes (Europe/Berlin in winter: 60). */
export function timeZoneOffsetMinutes(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a calendar day (YYYY-MM-DD) starts in a timezone, e.g. for a "from" filter. */
export function startOfDayIn(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const guess = new Date(Date.UTC(y, m - 1, d));
  // Two passes settle days on which the offset changes (the second pass uses the offset at the corrected instant).
  let instant = new Date(guess.getTime() - timeZoneOffsetMinutes(timeZone, guess) * 60_000);
  instant = new Date(guess.getTime() - timeZoneOffsetMinutes(timeZone, instant) * 60_000);
  return instant;
}

/** Adds whole calendar days to a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
