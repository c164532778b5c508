import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Queue } from 'bull';
import { OutboxRelay } from '@confab/persistence';
import { CONVERSATIONS_OPTIONS, type ConversationsOptions } from '../conversations.options';
import { AI_REPLY_QUEUE, OUTBOUND_SEND_QUEUE, type AiReplyJob, type OutboundSendJob } from './queue-names';

const DEFAULT_DRAIN_MS = 25_000;
const POLL_MS = 100;

/**
 * On shutdown (SIGTERM, app.close()) a worker finishes what it holds instead of abandoning it to the stalled-job
 * check: it stops taking new replies, lets the replies in flight commit, publishes their events so the sends are
 * queued, sends what is queued, and only then lets the queues and the database close. Bounded, so a stuck provider
 * cannot hold the process past a service manager's kill timeout; whatever is left is picked up by the next worker.
 * Runs in onModuleDestroy, the first shutdown phase, while the relay and the ORM are still open.
 */
@Injectable()
export class WorkerDrain implements OnModuleDestroy {
  private readonly logger = new Logger('WorkerDrain');

  constructor(
    @InjectQueue(AI_REPLY_QUEUE) private readonly replies: Queue<AiReplyJob>,
    @InjectQueue(OUTBOUND_SEND_QUEUE) private readonly sends: Queue<OutboundSendJob>,
    private readonly relay: OutboxRelay,
    @Inject(CONVERSATIONS_OPTIONS) private readonly options: ConversationsOptions,
  ) {}

  async onModuleDestroy(): Promise<void> {
    const began = Date.now();
    const deadline = began + (this.options.shutdownDrainMs ?? DEFAULT_DRAIN_MS);
    const steps: Array<[string, () => Promise<unknown>]> = [
      // pause(true) is local: this process takes no new reply jobs and resolves when its active ones are done.
      ['replies in flight', () => this.replies.pause(true)],
      ['events of the replies', () => this.relay.drain()],
      ['queued sends', () => this.sendsSettled(deadline)],
      ['sends in flight', () => this.sends.pause(true)],
    ];
    for (const [what, step] of steps) {
      const finished = await within(deadline, step()).catch((err: unknown) => {
        this.logger.warn({ msg: 'Drain step failed', step: what, error: (err as Error)?.message ?? String(err) });
        return true;
      });
      if (!finished) {
        this.logger.warn({ msg: 'Shutdown drain ran out of time; the rest is left to the next worker', step: what, waitedMs: Date.now() - began });
        return;
      }
    }
    this.logger.log({ msg: 'Drained the reply and send work in flight', tookMs: Date.now() - began });
  }

  /** Sends that are ready to go (not those waiting out a retry backoff) have been taken and finished. */
  private async sendsSettled(deadline: number): Promise<void> {
    while (Date.now() < deadline) {
      const counts = await this.sends.getJobCounts();
      if (!counts.waiting && !counts.active) return;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}

/** Resolves true when the work finished before the deadline, false when the deadline came first. */
async function within(deadline: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()))));
  try {
    return await Promise.race([work.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
