import { addDays, dayKey, startOfDayIn } from '../format/dates';
import type { paths } from '../api/schema';

/** The list's query as the API names it; the page URL uses exactly these names (`/chats?channel=whatsapp&q=…`). */
export type ListQuery = NonNullable<paths['/api/v1/conversations']['get']['parameters']['query']>;

export interface ChatFilters {
  channel?: string;
  assistantId?: string;
  from?: string;
  to?: string;
  customer?: string;
  status?: 'open' | 'closed';
  owner?: 'ai' | 'human';
  failedDelivery?: boolean;
  unanswered?: boolean;
  handedOver?: boolean;
  q?: string;
}

/** Order of the parameters in the URL, so the same filters always give the same (shareable, comparable) link. */
export const FILTER_KEYS = ['q', 'channel', 'assistantId', 'from', 'to', 'customer', 'status', 'owner', 'failedDelivery', 'unanswered', 'handedOver'] as const;

export const CHANNELS = ['whatsapp', 'web_widget', 'api', 'test'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const bool = (v: string | null) => (v === 'true' ? true : v === 'false' ? false : undefined);
const instant = (v: string | null) => (v && !Number.isNaN(Date.parse(v)) ? v : undefined);
const text = (v: string | null, max: number) => {
  const t = v?.trim();
  return t ? t.slice(0, max) : undefined;
};

/**
 * Reads the filters from the page URL. Values the API would refuse (a malformed id or date, an unknown status) are
 * dropped rather than sent, so a hand-edited or old link still shows a list instead of an error.
 */
export function filtersFromSearch(search: URLSearchParams): ChatFilters {
  const f: ChatFilters = {
    q: text(search.get('q'), 200),
    channel: text(search.get('channel'), 40),
    assistantId: UUID.test(search.get('assistantId') ?? '') ? search.get('assistantId')! : undefined,
    from: instant(search.get('from')),
    to: instant(search.get('to')),
    customer: text(search.get('customer'), 200),
    status: search.get('status') === 'open' || search.get('status') === 'closed' ? (search.get('status') as 'open' | 'closed') : undefined,
    owner: search.get('owner') === 'ai' || search.get('owner') === 'human' ? (search.get('owner') as 'ai' | 'human') : undefined,
    failedDelivery: bool(search.get('failedDelivery')),
    unanswered: bool(search.get('unanswered')),
    handedOver: bool(search.get('handedOver')),
  };
  if (f.from && f.to && Date.parse(f.to) < Date.parse(f.from)) f.to = undefined;
  return strip(f);
}

/** The filters as URL parameters, in a fixed order, leaving out what is not set. */
export function filtersToSearch(filters: ChatFilters): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || value === '') continue;
    out.set(key, String(value));
  }
  return out;
}

/** The query for GET /api/v1/conversations (and the exports, which take the same filters). */
export function toApiQuery(filters: ChatFilters): ListQuery {
  return { ...strip(filters) } as ListQuery;
}

export function activeFilterCount(filters: ChatFilters): number {
  return FILTER_KEYS.filter((k) => filters[k] !== undefined).length;
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}

// ---- date presets, in the tenant's timezone ----

export const PRESETS = ['today', 'yesterday', 'last7', 'last30', 'thisMonth'] as const;
export type Preset = (typeof PRESETS)[number];

/**
 * A preset as an instant range [from, to): day boundaries are the tenant's (a Berlin tenant's "today" starts at
 * 23:00 UTC in winter). "Last 7 days" includes today.
 */
export function presetRange(preset: Preset, timeZone: string, now: Date = new Date()): { from: string; to: string } {
  const today = dayKey(now, timeZone);
  const day = (d: string) => startOfDayIn(d, timeZone).toISOString();
  switch (preset) {
    case 'today': return { from: day(today), to: day(addDays(today, 1)) };
    case 'yesterday': return { from: day(addDays(today, -1)), to: day(today) };
    case 'last7': return { from: day(addDays(today, -6)), to: day(addDays(today, 1)) };
    case 'last30': return { from: day(addDays(today, -29)), to: day(addDays(today, 1)) };
    case 'thisMonth': {
      const first = `${today.slice(0, 8)}01`;
      const [y, m] = today.split('-').map(Number);
      const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
      return { from: day(first), to: day(next) };
    }
  }
}

/** Which preset a range is (for showing it selected), or null for a custom range. */
export function matchPreset(from: string | undefined, to: string | undefined, timeZone: string, now: Date = new Date()): Preset | null {
  if (!from || !to) return null;
  for (const p of PRESETS) {
    const r = presetRange(p, timeZone, now);
    if (Date.parse(r.from) === Date.parse(from) && Date.parse(r.to) === Date.parse(to)) return p;
  }
  return null;
}

/** A custom range picked as calendar days (inclusive) in the tenant's timezone, as instants [from, to). */
export function dayRange(fromDay: string | undefined, toDay: string | undefined, timeZone: string): { from?: string; to?: string } {
  return {
    from: fromDay ? startOfDayIn(fromDay, timeZone).toISOString() : undefined,
    to: toDay ? startOfDayIn(addDays(toDay, 1), timeZone).toISOString() : undefined,
  };
}

/** The calendar days a range covers, for the date inputs (the end instant is exclusive). */
export function rangeDays(from: string | undefined, to: string | undefined, timeZone: string): { fromDay?: string; toDay?: string } {
  return {
    fromDay: from ? dayKey(from, timeZone) : undefined,
    toDay: to ? dayKey(new Date(Date.parse(to) - 1), timeZone) : undefined,
  };
}
