import type { Connection } from '@confab/plugin-sdk';
import { ConnectionCache } from './connection-cache';

const connection = (id: string): Connection<object> => ({ id, tenantId: 't', type: 'whatsapp', assistantId: 'a', name: 'n', config: {}, state: {} });

describe('ConnectionCache', () => {
  it('serves an entry until its age runs out', () => {
    const cache = new ConnectionCache(1_000);
    cache.set(connection('c1'), cache.version, 0);
    expect(cache.get('c1', 999)?.id).toBe('c1');
    expect(cache.get('c1', 1_000)).toBeUndefined();
  });

  it('drops one entry, or all of them when no id is given', () => {
    const cache = new ConnectionCache(1_000);
    cache.set(connection('c1'), cache.version, 0);
    cache.set(connection('c2'), cache.version, 0);
    cache.drop('c1');
    expect(cache.get('c1', 1)).toBeUndefined();
    expect(cache.get('c2', 1)?.id).toBe('c2');
    cache.drop(undefined);
    expect(cache.get('c2', 1)).toBeUndefined();
  });

  it('does not store a row read before a change was signalled (the read raced the change)', () => {
    const cache = new ConnectionCache(1_000);
    const readAt = cache.version;
    cache.drop('c1'); // the connection was disabled while the read was in flight
    cache.set(connection('c1'), readAt, 0);
    expect(cache.get('c1', 1)).toBeUndefined();
    cache.set(connection('c1'), cache.version, 0);
    expect(cache.get('c1', 1)?.id).toBe('c1');
  });

  it('caches nothing with a TTL of 0', () => {
    const cache = new ConnectionCache(0);
    cache.set(connection('c1'), cache.version, 0);
    expect(cache.get('c1', 0)).toBeUndefined();
  });
});
