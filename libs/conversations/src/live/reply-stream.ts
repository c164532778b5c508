import { randomUUID } from 'node:crypto';
import type { LivePublisher } from './live-publisher';

/**
 * The live side of one reply on a streaming channel: `typing` while it is prepared, then the text as the model
 * writes it, one `reply.delta` per piece, numbered within a turn. A new turn id after a failed attempt tells screens
 * to drop the text streamed so far; the stored message names the turn whose text it completes.
 */
export class ReplyStream {
  private seq = 0;
  turnId = randomUUID();

  constructor(
    private readonly live: LivePublisher,
    private readonly tenantId: string,
    private readonly conversationId: string,
  ) {}

  typing(active: boolean): void {
    void this.live.publish({ type: 'typing', tenantId: this.tenantId, conversationId: this.conversationId, data: { active } });
  }

  /** Bound, so it can be handed to the model client as its delta callback. */
  readonly delta = (text: string): void => {
    if (!text) return;
    const data = { turnId: this.turnId, seq: this.seq++, text };
    void this.live.publish({ type: 'reply.delta', tenantId: this.tenantId, conversationId: this.conversationId, data });
  };

  /** The next attempt streams under a new turn id. */
  restart(): void {
    this.turnId = randomUUID();
    this.seq = 0;
  }
}
