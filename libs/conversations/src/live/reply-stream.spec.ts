import type { LiveEvent } from '@confab/plugin-sdk';
import { LivePublisher } from './live-publisher';
import { ReplyStream } from './reply-stream';

/** A feed whose publishes complete only when the test says so, like a Redis that fell behind. */
function slowFeed() {
  const published: Omit<LiveEvent, 'id' | 'at'>[] = [];
  const pending: (() => void)[] = [];
  const feed = {
    publish: (event: Omit<LiveEvent, 'id' | 'at'>) =>
      new Promise<string>((resolve) => {
        pending.push(() => {
          published.push(event);
          resolve(`${published.length}-0`);
        });
      }),
    conversation: () => [] as never,
    tenant: () => [] as never,
    latestEventId: async () => '0-0',
  };
  // Publishes start a tick after they are queued: release until nothing more comes.
  const releaseAll = async () => {
    for (let idle = 0; idle < 5; ) {
      await new Promise((r) => setImmediate(r));
      if (pending.length) {
        idle = 0;
        pending.shift()!();
      } else idle++;
    }
  };
  return { feed, published, releaseAll };
}

describe('ReplyStream', () => {
  it('publishes each piece as its own delta while the feed keeps up, in order, numbered', async () => {
    const { feed, published, releaseAll } = slowFeed();
    const stream = new ReplyStream(new LivePublisher(feed), 't', 'c');
    for (const piece of ['a', 'b', 'c']) stream.delta(piece);
    await releaseAll();
    expect(published.map((e) => e.data)).toEqual([
      { turnId: stream.turnId, seq: 0, text: 'a' },
      { turnId: stream.turnId, seq: 1, text: 'b' },
      { turnId: stream.turnId, seq: 2, text: 'c' },
    ]);
  });

  it('joins pieces while too many are on their way, losing nothing and keeping the order', async () => {
    const { feed, published, releaseAll } = slowFeed();
    const stream = new ReplyStream(new LivePublisher(feed), 't', 'c');
    const pieces = Array.from({ length: 30 }, (_, i) => `${i} `);
    for (const piece of pieces) stream.delta(piece);
    stream.flush();
    await releaseAll();
    const deltas = published.map((e) => e.data);
    expect(deltas.length).toBeLessThan(30);
    expect(deltas.map((d) => d.text).join('')).toBe(pieces.join(''));
    expect(deltas.map((d) => d.seq)).toEqual(deltas.map((_, i) => i));
  });

  it('drops text held back from a failed attempt; the retry streams under a new turn id', async () => {
    const { feed, published, releaseAll } = slowFeed();
    const stream = new ReplyStream(new LivePublisher(feed), 't', 'c');
    for (let i = 0; i < 12; i++) stream.delta('x');
    const failedTurn = stream.turnId;
    stream.restart();
    stream.delta('fresh');
    await releaseAll();
    const retried = published.filter((e) => e.data.turnId === stream.turnId).map((e) => e.data);
    expect(stream.turnId).not.toBe(failedTurn);
    expect(retried).toEqual([{ turnId: stream.turnId, seq: 0, text: 'fresh' }]);
    expect(published.filter((e) => e.data.turnId === failedTurn).map((e) => e.data.text).join('')).toBe('x'.repeat(8));
  });
});
