import { RowCache } from './row-cache';

const row = (id: string) => ({ id });

describe('RowCache', () => {
  it('serves an entry until its age runs out', () => {
    const cache = new RowCache<{ id: string }>(1_000);
    cache.set('c1', row('c1'), cache.version, 0);
    expect(cache.get('c1', 999)?.id).toBe('c1');
    expect(cache.get('c1', 1_000)).toBeUndefined();
  });

  it('drops one entry, or all of them when no id is given', () => {
    const cache = new RowCache<{ id: string }>(1_000);
    cache.set('c1', row('c1'), cache.version, 0);
    cache.set('c2', row('c2'), cache.version, 0);
    cache.drop('c1');
    expect(cache.get('c1', 1)).toBeUndefined();
    expect(cache.get('c2', 1)?.id).toBe('c2');
    cache.drop(undefined);
    expect(cache.get('c2', 1)).toBeUndefined();
  });

  it('does not store a row read before a change was signalled (the read raced the change)', () => {
    const cache = new RowCache<{ id: string }>(1_000);
    const readAt = cache.version;
    cache.drop('c1'); // the row was changed while the read was in flight
    cache.set('c1', row('c1'), readAt, 0);
    expect(cache.get('c1', 1)).toBeUndefined();
    cache.set('c1', row('c1'), cache.version, 0);
    expect(cache.get('c1', 1)?.id).toBe('c1');
  });

  it('caches nothing with a TTL of 0', () => {
    const cache = new RowCache<{ id: string }>(0);
    cache.set('c1', row('c1'), cache.version, 0);
    expect(cache.get('c1', 0)).toBeUndefined();
  });

  it('keeps at most 5,000 rows, letting the oldest go first', () => {
    const cache = new RowCache<{ id: string }>(1_000);
    for (let i = 0; i <= 5_000; i++) cache.set(`r${i}`, row(`r${i}`), cache.version, 0);
    expect(cache.get('r0', 1)).toBeUndefined();
    expect(cache.get('r1', 1)?.id).toBe('r1');
    expect(cache.get('r5000', 1)?.id).toBe('r5000');
  });
});
