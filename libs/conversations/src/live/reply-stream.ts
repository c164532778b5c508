import { randomUUID } from 'node:crypto';
import type { LivePublisher } from './live-publisher';

/**
 * Deltas on their way to Redis before new text is held back and sent as one: while Redis keeps up, each piece the
 * model writes is its own event; when it falls behind, pieces are joined instead of queueing without bound.
 */
const MAX_DELTAS_IN_FLIGHT = 8;

/**
 * The live side of one reply on a streaming channel: `typing` while it is prepared, then the text as the model
 * writes it, one `reply.delta` per piece, numbered within a turn. A new turn id after a failed attempt tells screens
 * to drop the text streamed so far; the stored message names the turn whose text it completes.
 */
export class ReplyStream {
  private seq = 0;
  private inFlight = 0;
  private held = '';
  turnId = randomUUID();

  constructor(
    private readonly live: LivePublisher,
    private readonly tenantId: string,
    private readonly conversationId: string,
  ) {}

  typing(active: boolean): void {
    this.flush();
    void this.live.publish({ type: 'typing', tenantId: this.tenantId, conversationId: this.conversationId, data: { active } });
  }

  /** Bound, so it can be handed to the model client as its delta callback. */
  readonly delta = (text: string): void => {
    if (!text) return;
    if (this.inFlight >= MAX_DELTAS_IN_FLIGHT) this.held += text;
    else this.send(text);
  };

  /** Queues text held back, so it goes out before whatever is published next (the stored message). */
  flush(): void {
    if (!this.held) return;
    const text = this.held;
    this.held = '';
    this.send(text);
  }

  /** The next attempt streams under a new turn id; text held back from the failed one is dropped. */
  restart(): void {
    this.turnId = randomUUID();
    this.seq = 0;
    this.held = '';
  }

  private send(text: string): void {
    const turnId = this.turnId;
    const data = { turnId, seq: this.seq++, text };
    this.inFlight++;
    void this.live.publish({ type: 'reply.delta', tenantId: this.tenantId, conversationId: this.conversationId, data }).finally(() => {
      this.inFlight--;
      // Same tick as the decrement: held text goes before any piece that arrives later. It is always the current
      // turn's: restart() drops what was held.
      this.flush();
    });
  }
}
