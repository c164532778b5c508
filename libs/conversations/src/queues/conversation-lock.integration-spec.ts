import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { ConversationLockLost, withConversationLock } from './conversation-lock';

const LEASE_MS = 300;

describe('the per-conversation reply lock (real Redis)', () => {
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  const key = () => `confab-test-lock:${randomBytes(6).toString('hex')}`;
  afterAll(() => redis.disconnect());

  it('outlives its short lease while the work runs, and is gone when it ends', async () => {
    const k = key();
    const result = await withConversationLock(redis, k, LEASE_MS, async (signal) => {
      await new Promise((r) => setTimeout(r, LEASE_MS * 4));
      expect(await redis.pttl(k)).toBeGreaterThan(0);
      expect(signal.aborted).toBe(false);
      return 'done';
    });
    expect(result).toEqual({ locked: true, value: 'done' });
    expect(await redis.exists(k)).toBe(0);
  });

  it('is refused while another holder has it', async () => {
    const k = key();
    await redis.set(k, 'someone-else', 'PX', 5_000);
    expect(await withConversationLock(redis, k, LEASE_MS, async () => 'never')).toEqual({ locked: false });
    expect(await redis.get(k)).toBe('someone-else');
  });

  it('lapses within one lease when its holder stops renewing (a killed worker)', async () => {
    const k = key();
    // What a killed worker leaves: the key with its last lease and nobody renewing it.
    await redis.set(k, 'dead-worker', 'PX', LEASE_MS);
    await new Promise((r) => setTimeout(r, LEASE_MS + 50));
    expect(await withConversationLock(redis, k, LEASE_MS, async () => 'taken over')).toEqual({ locked: true, value: 'taken over' });
  });

  it('aborts the work when the lease is no longer ours, and leaves the new holder alone', async () => {
    const k = key();
    let reason: unknown;
    await withConversationLock(redis, k, LEASE_MS, async (signal) => {
      await redis.set(k, 'new-holder', 'PX', 5_000);
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      reason = signal.reason;
    });
    expect(reason).toBeInstanceOf(ConversationLockLost);
    expect(await redis.get(k)).toBe('new-holder');
  });
});
