import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/**
 * Wakes a visitor's waiting event stream the moment their first message opens a conversation in this process, so
 * the first reply streams from its first delta instead of being found by the next poll (which backs off to 5 s).
 * Another API process still finds it by polling, and the widget reconnects its stream after that first send.
 */
@Injectable()
export class VisitorWake {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  notify(connectionId: string, customerKey: string): void {
    this.emitter.emit(`${connectionId}:${customerKey}`);
  }

  /** Resolves after `ms`, at a notify for this visitor, or when the signal aborts, whichever comes first. */
  wait(connectionId: string, customerKey: string, ms: number, signal: AbortSignal): Promise<void> {
    const key = `${connectionId}:${customerKey}`;
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.emitter.off(key, done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.emitter.once(key, done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
