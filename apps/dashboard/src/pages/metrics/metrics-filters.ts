import { addDays, dayKey } from '../../format/dates';

export type Preset = 'today' | 'last7' | 'last30' | 'thisMonth' | 'lastMonth' | 'custom';
export const PRESETS: Preset[] = ['today', 'last7', 'last30', 'thisMonth', 'lastMonth', 'custom'];

export interface MetricsFilters {
  from: string;
  to: string;
  assistantId: string | null;
  channel: string | null;
  includeTest: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The days a preset covers, counted in the tenant's timezone (the API counts days there too). */
export function presetRange(preset: Exclude<Preset, 'custom'>, now: Date, timeZone: string): { from: string; to: string } {
  const today = dayKey(now, timeZone);
  switch (preset) {
    case 'today': return { from: today, to: today };
    case 'last7': return { from: addDays(today, -6), to: today };
    case 'last30': return { from: addDays(today, -29), to: today };
    case 'thisMonth': return { from: `${today.slice(0, 8)}01`, to: today };
    case 'lastMonth': {
      const lastDay = addDays(`${today.slice(0, 8)}01`, -1);
      return { from: `${lastDay.slice(0, 8)}01`, to: lastDay };
    }
  }
}

/** Which preset a range is, so the picker shows "Last 7 days" for a shared link too; else custom. */
export function presetOf(range: { from: string; to: string }, now: Date, timeZone: string): Preset {
  return (PRESETS.filter((p) => p !== 'custom') as Exclude<Preset, 'custom'>[]).find((p) => {
    const r = presetRange(p, now, timeZone);
    return r.from === range.from && r.to === range.to;
  }) ?? 'custom';
}

/**
 * Filters from the page URL, which uses the API's parameter names (`?from=&to=&assistantId=&channel=&includeTest=`).
 * Missing or malformed days fall back to the last 30 days; a reversed range is put the right way round.
 */
export function filtersFromParams(params: URLSearchParams, now: Date, timeZone: string): MetricsFilters {
  const fallback = presetRange('last30', now, timeZone);
  let from = params.get('from') ?? '';
  let to = params.get('to') ?? '';
  if (!DAY.test(from) || Number.isNaN(Date.parse(from))) from = DAY.test(to) ? addDays(to, -29) : fallback.from;
  if (!DAY.test(to) || Number.isNaN(Date.parse(to))) to = fallback.to;
  if (from > to) [from, to] = [to, from];
  return {
    from, to,
    assistantId: params.get('assistantId') || null,
    channel: params.get('channel') || null,
    includeTest: params.get('includeTest') === 'true',
  };
}

/** The URL of the filters; defaults (no assistant, no channel, test chats left out) are left out. */
export function filtersToParams(filters: MetricsFilters): URLSearchParams {
  const params = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.assistantId) params.set('assistantId', filters.assistantId);
  if (filters.channel) params.set('channel', filters.channel);
  if (filters.includeTest) params.set('includeTest', 'true');
  return params;
}

/** The query for GET /api/v1/metrics. */
export function metricsQuery(filters: MetricsFilters) {
  return {
    from: filters.from, to: filters.to, includeTest: filters.includeTest,
    ...(filters.assistantId ? { assistantId: filters.assistantId } : {}),
    ...(filters.channel ? { channel: filters.channel } : {}),
  };
}
