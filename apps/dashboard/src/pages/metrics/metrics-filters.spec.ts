import { filtersFromParams, filtersToParams, presetOf, presetRange } from './metrics-filters';

// 23:30 UTC on 31 Dec is already 1 January in Berlin: presets must count days there.
const NOW = new Date('2026-12-31T23:30:00Z');
const TZ = 'Europe/Berlin';

describe('presetRange', () => {
  it('counts days in the tenant timezone', () => {
    expect(presetRange('today', NOW, TZ)).toEqual({ from: '2027-01-01', to: '2027-01-01' });
    expect(presetRange('today', NOW, 'UTC')).toEqual({ from: '2026-12-31', to: '2026-12-31' });
  });
  it('covers whole days including today', () => {
    expect(presetRange('last7', NOW, 'UTC')).toEqual({ from: '2026-12-25', to: '2026-12-31' });
    expect(presetRange('last30', NOW, 'UTC')).toEqual({ from: '2026-12-02', to: '2026-12-31' });
    expect(presetRange('thisMonth', NOW, 'UTC')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetRange('lastMonth', NOW, TZ)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetRange('lastMonth', new Date('2026-03-10T12:00:00Z'), 'UTC')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });
  it('recognises a preset from its range, else custom', () => {
    expect(presetOf({ from: '2026-12-25', to: '2026-12-31' }, NOW, 'UTC')).toBe('last7');
    expect(presetOf({ from: '2026-12-24', to: '2026-12-31' }, NOW, 'UTC')).toBe('custom');
  });
});

describe('filters <-> URL', () => {
  it('round-trips through the API parameter names', () => {
    const filters = { from: '2026-11-01', to: '2026-11-30', assistantId: 'a1', channel: 'whatsapp', includeTest: true };
    const params = filtersToParams(filters);
    expect(params.toString()).toBe('from=2026-11-01&to=2026-11-30&assistantId=a1&channel=whatsapp&includeTest=true');
    expect(filtersFromParams(params, NOW, TZ)).toEqual(filters);
  });
  it('leaves defaults out of the URL', () => {
    expect(filtersToParams({ from: '2026-11-01', to: '2026-11-30', assistantId: null, channel: null, includeTest: false }).toString()).toBe('from=2026-11-01&to=2026-11-30');
  });
  it('falls back to the last 30 days for missing or broken days and orders a reversed range', () => {
    expect(filtersFromParams(new URLSearchParams(''), NOW, 'UTC')).toMatchObject({ from: '2026-12-02', to: '2026-12-31', includeTest: false, channel: null });
    expect(filtersFromParams(new URLSearchParams('from=yesterday&to=2026-11-30'), NOW, 'UTC')).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
    expect(filtersFromParams(new URLSearchParams('from=2026-11-30&to=2026-11-01'), NOW, 'UTC')).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
  });
});
