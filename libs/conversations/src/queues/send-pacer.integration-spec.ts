import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { DEFAULT_SEND_RATE, type SendRate } from '@confab/plugin-sdk';
import { paceBudgets, SendPacer } from './send-pacer';

/** The rates the WhatsApp and test channels declare (copied: the core's tests never import a plugin). */
const WHATSAPP: SendRate = { perConnection: { max: 80, perMs: 1000 }, perRecipient: { max: 45, perMs: 270_000 } };
const TEST: SendRate = { perConnection: { max: 1000, perMs: 1000 } };

describe('send pacing per channel (real Redis)', () => {
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  const pacer = new SendPacer(redis);
  const prefix = `confab-test-pace:${randomBytes(6).toString('hex')}:`;
  const id = () => randomBytes(6).toString('hex');
  afterAll(() => redis.disconnect());

  /** The delays `count` sends to distinct recipients get when all are enqueued at the same instant. */
  async function burst(rate: SendRate, count: number, connectionId = id()): Promise<number[]> {
    const delays: number[] = [];
    for (let i = 0; i < count; i++) delays.push(await pacer.reserve(paceBudgets(prefix, rate, { connectionId, recipient: id() }), 50_000));
    return delays;
  }

  it("gives two channels their own limits: WhatsApp's 81st send in a second waits, the test channel's does not", async () => {
    const whatsapp = await burst(WHATSAPP, 82);
    expect(whatsapp.slice(0, 80).every((d) => d === 0)).toBe(true);
    // 80 per second refill one every 12.5 ms.
    expect(whatsapp.slice(80)).toEqual([13, 25]);
    const test = await burst(TEST, 1001);
    expect(test.slice(0, 1000).every((d) => d === 0)).toBe(true);
    expect(test[1000]).toBe(1);
  });

  it('keeps connections apart', async () => {
    await burst(WHATSAPP, 80, 'busy-number');
    expect(await burst(WHATSAPP, 1)).toEqual([0]);
    expect(await pacer.reserve(paceBudgets(prefix, WHATSAPP, { connectionId: 'busy-number' }), 50_000)).toBe(13);
  });

  it("paces one WhatsApp recipient to 1 per 6 s after a burst of 45, without spending the connection's budget early", async () => {
    const connectionId = id();
    const budgets = paceBudgets(prefix, WHATSAPP, { connectionId, recipient: 'customer-1' });
    expect(budgets.map((b) => b.key)).toEqual([`${prefix}send-pace:${connectionId}`, `${prefix}send-pace:${connectionId}:customer-1`]);
    const delays: number[] = [];
    for (let i = 0; i < 47; i++) delays.push(await pacer.reserve(budgets, 100_000));
    expect(delays.slice(0, 45).every((d) => d === 0)).toBe(true);
    expect(delays.slice(45)).toEqual([6000, 12_000]);
    // Another customer on the number is not held back by the first one's pacing (the connection had 45 of 80 used).
    expect(await pacer.reserve(paceBudgets(prefix, WHATSAPP, { connectionId, recipient: 'customer-2' }), 100_000)).toBe(0);
  });

  it('uses the default of 80 per second per connection for a channel that declares no rate', async () => {
    expect(paceBudgets(prefix, undefined, { connectionId: 'c', recipient: 'x' })).toEqual([{ key: `${prefix}send-pace:c`, limit: DEFAULT_SEND_RATE.perConnection }]);
  });
});
