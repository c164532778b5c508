import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { BURST_CAP_WINDOWS, ReplyBurst } from './reply-burst';

const WINDOW = 800;

describe('the burst window (real Redis)', () => {
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  const burst = new ReplyBurst(redis, `confab-test-burst:${randomBytes(6).toString('hex')}:`);
  const conversation = () => randomBytes(6).toString('hex');
  afterAll(() => redis.disconnect());

  it('lets a single message go at once and opens no burst', async () => {
    const c = conversation();
    expect(await burst.noteMessage(c, WINDOW, 10_000)).toBe(0);
    expect(await burst.dueAt(c)).toBe(10_000);
  });

  it('holds a message within the window of the previous one until one window after the latest', async () => {
    const c = conversation();
    await burst.noteMessage(c, WINDOW, 10_000);
    expect(await burst.noteMessage(c, WINDOW, 10_400)).toBe(WINDOW);
    expect(await burst.noteMessage(c, WINDOW, 10_800)).toBe(WINDOW);
    expect(await burst.dueAt(c)).toBe(11_600);
  });

  it('answers a burst that never stops no later than the cap after its first message', async () => {
    const c = conversation();
    const first = 10_000;
    const cap = first + WINDOW * BURST_CAP_WINDOWS;
    let at = first;
    await burst.noteMessage(c, WINDOW, at);
    while (at + 500 < cap) {
      at += 500;
      const delay = await burst.noteMessage(c, WINDOW, at);
      expect(at + delay).toBeLessThanOrEqual(cap);
    }
    expect(await burst.dueAt(c)).toBe(cap);
  });

  it('starts afresh after a pause longer than the window', async () => {
    const c = conversation();
    await burst.noteMessage(c, WINDOW, 10_000);
    await burst.noteMessage(c, WINDOW, 10_300);
    expect(await burst.noteMessage(c, WINDOW, 10_300 + WINDOW + 1)).toBe(0);
  });

  it('never holds a reply with a window of 0', async () => {
    const c = conversation();
    expect(await burst.noteMessage(c, 0, 10_000)).toBe(0);
    expect(await burst.noteMessage(c, 0, 10_001)).toBe(0);
    expect(await burst.dueAt(c)).toBeNull();
  });

  describe('taking the reply lock in the same round trip', () => {
    const lockKey = () => `confab-test-burst-lock:${randomBytes(6).toString('hex')}`;

    it('takes the lock when no burst is open, and refuses it while another holds it', async () => {
      const [c, lock] = [conversation(), lockKey()];
      expect(await burst.takeLockUnlessOpen(c, lock, 'mine', 5_000, 25, 10_000)).toBe('OK');
      expect(await redis.get(lock)).toBe('mine');
      expect(await redis.pttl(lock)).toBeGreaterThan(4_000);
      expect(await burst.takeLockUnlessOpen(c, lock, 'theirs', 5_000, 25, 10_000)).toBeNull();
      expect(await redis.get(lock)).toBe('mine');
    });

    it('leaves the lock alone while a burst is open and says when it is due', async () => {
      const [c, lock] = [conversation(), lockKey()];
      await burst.noteMessage(c, WINDOW, 10_000);
      await burst.noteMessage(c, WINDOW, 10_400);
      expect(await burst.takeLockUnlessOpen(c, lock, 'mine', 5_000, 25, 10_500)).toBe(11_200);
      expect(await redis.exists(lock)).toBe(0);
    });

    it('takes the lock for a burst due within the tolerance (the clocks of Bull and of the note differ a little)', async () => {
      const [c, lock] = [conversation(), lockKey()];
      await burst.noteMessage(c, WINDOW, 10_000);
      await burst.noteMessage(c, WINDOW, 10_400);
      expect(await burst.takeLockUnlessOpen(c, lock, 'mine', 5_000, 25, 11_180)).toBe('OK');
    });
  });
});
