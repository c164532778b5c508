import { Injectable } from '@nestjs/common';
import { Db, PgSignals } from '@confab/persistence';
import { ConversationReplies, type ReplyOutcome } from '@confab/plugin-sdk';
import { Message } from '../entities/message.entity';
import { REPLY_COMMITTED } from './reply-signal';

/**
 * The safety net behind the signal: a reply whose signal was lost (listener reconnecting), a reply of a channel that
 * does not declare syncReplies, or a hand-over that skipped the message, is still seen within this long.
 */
const SAFETY_POLL_MS = 250;

/**
 * Waits for the assistant's answer to one message, whichever worker process writes it: the database says whether it
 * is answered, and the worker's "reply committed" signal (LISTEN/NOTIFY, REPLY_COMMITTED) says when to look again,
 * so a synchronous API request returns as soon as the reply commits instead of on the next tick of a poll.
 * The answer is the reply that took the message off the pending list (one reply may answer a whole burst).
 */
@Injectable()
export class ConversationRepliesAdapter extends ConversationReplies {
  private readonly waiters = new Map<string, Set<() => void>>();
  private listening?: Promise<unknown>;

  constructor(
    private readonly db: Db,
    private readonly signals: PgSignals,
  ) {
    super();
  }

  async waitForReply(tenantId: string, conversationId: string, messageId: string, timeoutMs: number): Promise<ReplyOutcome> {
    const deadline = Date.now() + timeoutMs;
    // A failed LISTEN leaves the safety poll: slower, still correct.
    await (this.listening ??= this.signals.subscribe(REPLY_COMMITTED, (id) => this.wake(id)).catch(() => undefined));
    for (;;) {
      // Armed before the read, so a reply that commits between the read and the wait is not missed.
      const woken = this.nextSignal(conversationId, Math.max(0, Math.min(SAFETY_POLL_MS, deadline - Date.now())));
      const outcome = await this.read(tenantId, conversationId, messageId).catch((err) => {
        woken.cancel();
        throw err;
      });
      if (outcome) {
        woken.cancel();
        return outcome;
      }
      if (Date.now() >= deadline) {
        woken.cancel();
        return { state: 'pending', replies: [] };
      }
      await woken.promise;
    }
  }

  private async read(tenantId: string, conversationId: string, messageId: string): Promise<ReplyOutcome | null> {
    const em = this.db.forTenant(tenantId);
    const asked = await em.findOne(Message, { id: messageId, conversationId });
    if (!asked || asked.replyState == null) return { state: 'no_reply', replies: [] };
    if (asked.replyState === 'skipped') return { state: asked.replyError === 'handed_over' ? 'handed_over' : 'no_reply', replies: [] };
    if (!asked.answeredByMessageId) return null;
    const reply = await em.findOneOrFail(Message, { id: asked.answeredByMessageId });
    const view = { messageId: reply.id, text: reply.text ?? '', createdAt: reply.createdAt, offline: Boolean(reply.metadata.offline) };
    return { state: asked.replyState === 'failed' ? 'failed' : 'answered', replies: [view] };
  }

  /** Resolves on the conversation's next reply signal, or after `ms`. */
  private nextSignal(conversationId: string, ms: number): { promise: Promise<void>; cancel: () => void } {
    let done!: () => void;
    const promise = new Promise<void>((resolve) => (done = resolve));
    let set = this.waiters.get(conversationId);
    if (!set) this.waiters.set(conversationId, (set = new Set()));
    const cancel = () => {
      clearTimeout(timer);
      set!.delete(wake);
      if (!set!.size && this.waiters.get(conversationId) === set) this.waiters.delete(conversationId);
    };
    const wake = () => {
      cancel();
      done();
    };
    const timer = setTimeout(wake, ms);
    set.add(wake);
    return { promise, cancel };
  }

  /** A conversation id wakes its waiters; no id (the listener reconnected, signals may be lost) wakes everyone. */
  private wake(conversationId: string | undefined): void {
    const sets = conversationId === undefined ? [...this.waiters.values()] : [this.waiters.get(conversationId)];
    for (const set of sets) for (const wake of [...(set ?? [])]) wake();
  }
}
