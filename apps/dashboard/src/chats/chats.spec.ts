import { activeFilterCount, dayRange, filtersFromSearch, filtersToSearch, matchPreset, presetRange, rangeDays, toApiQuery } from './filters';
import { highlightSegments } from './highlight';
import { deleteView, loadViews, saveView } from './saved-views';

describe('filters <-> URL', () => {
  it('reads the API parameter names from the URL and writes them back in a fixed order', () => {
    const search = new URLSearchParams('channel=whatsapp&q=Bäckerei&assistantId=8d5e5f0e-1111-4222-8333-944444444444&failedDelivery=true&status=open');
    const filters = filtersFromSearch(search);
    expect(filters).toEqual({ channel: 'whatsapp', q: 'Bäckerei', assistantId: '8d5e5f0e-1111-4222-8333-944444444444', failedDelivery: true, status: 'open' });
    expect(filtersToSearch(filters).toString()).toBe('q=B%C3%A4ckerei&channel=whatsapp&assistantId=8d5e5f0e-1111-4222-8333-944444444444&status=open&failedDelivery=true');
    // Round trip: the same filters give the same URL.
    expect(filtersFromSearch(filtersToSearch(filters))).toEqual(filters);
    expect(activeFilterCount(filters)).toBe(5);
  });

  it('drops what the API would refuse instead of failing the page', () => {
    const filters = filtersFromSearch(new URLSearchParams('assistantId=nope&status=maybe&owner=robot&from=yesterday&failedDelivery=yes&q=%20%20&customer=%2B4915100000008'));
    expect(filters).toEqual({ customer: '+4915100000008' });
  });

  it('drops an end before the start', () => {
    expect(filtersFromSearch(new URLSearchParams('from=2026-12-06T00:00:00Z&to=2026-12-01T00:00:00Z'))).toEqual({ from: '2026-12-06T00:00:00Z' });
  });

  it('keeps false booleans (without a failed delivery) distinct from unset', () => {
    const f = filtersFromSearch(new URLSearchParams('failedDelivery=false'));
    expect(f).toEqual({ failedDelivery: false });
    expect(toApiQuery(f)).toEqual({ failedDelivery: false });
    expect(filtersToSearch(f).toString()).toBe('failedDelivery=false');
  });
});

describe('date presets in the tenant timezone', () => {
  const now = new Date('2026-12-06T23:30:00Z'); // already 7 Dec in Berlin
  it('takes day boundaries from the tenant timezone', () => {
    expect(presetRange('today', 'Europe/Berlin', now)).toEqual({ from: '2026-12-06T23:00:00.000Z', to: '2026-12-07T23:00:00.000Z' });
    expect(presetRange('today', 'UTC', now)).toEqual({ from: '2026-12-06T00:00:00.000Z', to: '2026-12-07T00:00:00.000Z' });
    expect(presetRange('yesterday', 'Europe/Berlin', now)).toEqual({ from: '2026-12-05T23:00:00.000Z', to: '2026-12-06T23:00:00.000Z' });
    expect(presetRange('last7', 'Europe/Berlin', now).from).toBe('2026-11-30T23:00:00.000Z');
    expect(presetRange('thisMonth', 'Europe/Berlin', now)).toEqual({ from: '2026-11-30T23:00:00.000Z', to: '2026-12-31T23:00:00.000Z' });
    expect(presetRange('thisMonth', 'UTC', new Date('2026-12-15T12:00:00Z')).to).toBe('2027-01-01T00:00:00.000Z');
  });

  it('recognises a preset in the URL and treats anything else as custom', () => {
    const r = presetRange('last30', 'Europe/Berlin', now);
    expect(matchPreset(r.from, r.to, 'Europe/Berlin', now)).toBe('last30');
    expect(matchPreset(r.from, undefined, 'Europe/Berlin', now)).toBeNull();
    expect(matchPreset('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', 'Europe/Berlin', now)).toBeNull();
  });

  it('turns picked calendar days into an inclusive range and back', () => {
    const r = dayRange('2026-12-01', '2026-12-06', 'Europe/Berlin');
    expect(r).toEqual({ from: '2026-11-30T23:00:00.000Z', to: '2026-12-06T23:00:00.000Z' });
    expect(rangeDays(r.from, r.to, 'Europe/Berlin')).toEqual({ fromDay: '2026-12-01', toDay: '2026-12-06' });
  });
});

describe('search highlights', () => {
  it('splits a snippet at the API offsets', () => {
    expect(highlightSegments('Wann öffnet die Bäckerei morgen', [{ start: 16, end: 24 }])).toEqual([
      { text: 'Wann öffnet die ', hit: false }, { text: 'Bäckerei', hit: true }, { text: ' morgen', hit: false },
    ]);
  });
  it('survives overlapping, unsorted and out-of-range offsets without losing text', () => {
    const segments = highlightSegments('abcdefgh', [{ start: 5, end: 99 }, { start: 1, end: 3 }, { start: 2, end: 4 }, { start: 7, end: 6 }]);
    expect(segments.map((s) => s.text).join('')).toBe('abcdefgh');
    expect(segments.filter((s) => s.hit).map((s) => s.text)).toEqual(['bc', 'd', 'fgh']);
  });
});

describe('saved views', () => {
  const storage = () => {
    const data = new Map<string, string>();
    return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
  };
  it('keeps views per tenant, newest first, a same name replacing the old one', () => {
    const s = storage();
    saveView(s, 't1', { name: 'WhatsApp failures', search: '?channel=whatsapp&failedDelivery=true' });
    saveView(s, 't1', { name: 'Open', search: 'status=open' });
    saveView(s, 't1', { name: 'whatsapp FAILURES', search: 'channel=whatsapp' });
    expect(loadViews(s, 't1')).toEqual([{ name: 'whatsapp FAILURES', search: 'channel=whatsapp' }, { name: 'Open', search: 'status=open' }]);
    expect(loadViews(s, 't2')).toEqual([]);
    expect(deleteView(s, 't1', 'Open')).toEqual([{ name: 'whatsapp FAILURES', search: 'channel=whatsapp' }]);
  });
  it('ignores a corrupted store', () => {
    const s = storage();
    s.setItem('confab.chatViews.t1', '{not json');
    expect(loadViews(s, 't1')).toEqual([]);
  });
});
