import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Queue } from 'bull';
import { Db } from '@confab/persistence';
import { AssistantCache } from '@confab/assistants';
import { QueuedStamps } from './queued-stamps';
import { CONVERSATIONS_OPTIONS, type ConversationsOptions } from '../conversations.options';
import { AI_REPLY_QUEUE, OUTBOUND_SEND_QUEUE, type AiReplyJob, type OutboundSendJob } from './queue-names';
import { ReplyBurst } from './reply-burst';
import { paceBudgets, SendPacer } from './send-pacer';
import { PluginRegistry, sendRateProblem } from '@confab/plugin-sdk';
import { SEND_BACKOFF } from './send-backoff';
import { ConnectionService } from '../connections/connection.service';

/** How long a conversation's burst window (its assistant's replyDebounceMs) is remembered in this process. */
const WINDOW_CACHE_MS = 30_000;
const WINDOW_CACHE_SIZE = 10_000;

/**
 * Enqueues the two kinds of work. Job ids are deterministic so a replayed event or a double click adds nothing:
 * a reply job per customer message (the first to run answers the whole burst, the rest find nothing pending),
 * a send job per outbound message.
 */
@Injectable()
export class JobScheduler implements OnModuleDestroy {
  private readonly windows = new Map<string, { windowMs: number; until: number }>();
  private burstState?: ReplyBurst;
  private pacer?: SendPacer;
  private readonly stamps: QueuedStamps;

  constructor(
    @InjectQueue(AI_REPLY_QUEUE) private readonly replies: Queue<AiReplyJob>,
    @InjectQueue(OUTBOUND_SEND_QUEUE) private readonly sends: Queue<OutboundSendJob>,
    @Inject(CONVERSATIONS_OPTIONS) private readonly options: ConversationsOptions,
    private readonly db: Db,
    private readonly registry: PluginRegistry,
    private readonly connections: ConnectionService,
    private readonly assistants: AssistantCache,
  ) {
    this.stamps = new QueuedStamps(db);
  }

  /** Burst state lives beside the reply lock, on Bull's connection (created when first used). */
  get burst(): ReplyBurst {
    return (this.burstState ??= new ReplyBurst(this.redis as never, `${this.queueKeyPrefix}:reply-burst:`));
  }

  /**
   * A customer message's reply: at once for a single message, after the burst window when it continues a burst
   * (docs/architecture.md, "Debounce"). The window is the assistant's, from memory when the event names the
   * assistant. `queuedAt` is the pipeline trace's 'queued' stage (the first scheduling counts, a replayed event
   * leaves it alone), written with the stamps of other messages (queued-stamps.ts); an older event without the
   * assistant reads the window and stamps the message in one statement. Null when the message's own insert wrote
   * it (a reply queued on receipt).
   */
  async scheduleCustomerReply(job: AiReplyJob, messageId: string, queuedAt: Date | null, assistantId?: string | null): Promise<void> {
    let windowMs: number;
    if (assistantId) {
      windowMs = (await this.assistants.find(job.tenantId, assistantId))?.replyDebounceMs ?? this.options.replyDebounceMs;
      if (queuedAt) this.stamps.add(job.tenantId, messageId, queuedAt);
    } else {
      const read = await this.burstWindow(job.tenantId, job.conversationId, queuedAt ? { messageId, queuedAt } : undefined);
      windowMs = read.windowMs;
      if (queuedAt && !read.stamped) this.stamps.add(job.tenantId, messageId, queuedAt);
    }
    await this.scheduleReply(job, messageId, await this.burst.noteMessage(job.conversationId, windowMs));
  }

  /** Stamps still waiting for their batch are written before the database closes. */
  async onModuleDestroy(): Promise<void> {
    await this.stamps.flush();
  }

  /**
   * For events without the assistant: the conversation's assistant's replyDebounceMs, else REPLY_DEBOUNCE_MS;
   * cached briefly, it is read per message. A read (a cache miss) stamps the message's 'queued' time in the same
   * statement.
   */
  private async burstWindow(tenantId: string, conversationId: string, stamp?: { messageId: string; queuedAt: Date }): Promise<{ windowMs: number; stamped: boolean }> {
    const now = Date.now();
    const cached = this.windows.get(conversationId);
    if (cached && cached.until > now) return { windowMs: cached.windowMs, stamped: false };
    const read = 'select a.reply_debounce_ms from conversations c join assistants a on a.id = c.assistant_id where c.id = ? and c.tenant_id = ?';
    const rows: Array<{ reply_debounce_ms: number | null }> = await this.db.forTenant(tenantId).getConnection().execute(
      stamp ? `with queued as (update messages set reply_queued_at = ? where tenant_id = ? and id = ? and reply_queued_at is null) ${read}` : read,
      stamp ? [stamp.queuedAt.toISOString(), tenantId, stamp.messageId, conversationId, tenantId] : [conversationId, tenantId],
    );
    const windowMs = rows[0]?.reply_debounce_ms ?? this.options.replyDebounceMs;
    if (this.windows.size >= WINDOW_CACHE_SIZE) this.windows.delete(this.windows.keys().next().value!);
    this.windows.set(conversationId, { windowMs, until: now + WINDOW_CACHE_MS });
    return { windowMs, stamped: !!stamp };
  }

  async scheduleReply(job: AiReplyJob, triggeredBy: string, delayMs = 0): Promise<void> {
    await this.replies.add(job, {
      jobId: `reply:${job.conversationId}:${triggeredBy}`,
      delay: delayMs,
      attempts: this.options.replyAttempts,
      backoff: { type: 'exponential', delay: this.options.replyBackoffMs },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  /**
   * A send job. `delayMs` is for a send whose slot in its channel's rate is already reserved (reserveSendSlot) or
   * that waits for a backoff; without it the slot is reserved here.
   */
  async scheduleSend(job: OutboundSendJob, attempt = 0, delayMs?: number): Promise<void> {
    await this.sends.add(job, {
      jobId: `send:${job.messageId}:${attempt}`,
      delay: delayMs ?? (await this.reserveSendSlot(job)),
      attempts: Math.max(1, this.options.sendAttempts - (job.attemptsBefore ?? 0)),
      // Exponential, stretched to a provider's retry-after when an attempt reports one (send-backoff.ts).
      backoff: { type: SEND_BACKOFF, options: { delay: this.options.sendBackoffMs } },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  /** Whether a send job of this message is still waiting, delayed or running (ids send:<message>:0..attempts). */
  async hasLiveSendJob(messageId: string, attempts: number): Promise<boolean> {
    for (let attempt = 0; attempt <= attempts; attempt++) {
      const job = await this.sends.getJob(`send:${messageId}:${attempt}`);
      const state = job ? await job.getState() : undefined;
      if (state && state !== 'completed' && state !== 'failed') return true;
    }
    return false;
  }

  /**
   * Takes the send's slot in its channel's rate and says how long until it comes (capabilities.sendRate, or the
   * connection's own: sendRateFor): per connection, and per recipient when the channel paces those. The recipient is the conversation: one
   * customer on one connection, and known to every caller, so no statement is spent on the customer. A connection
   * that no longer exists paces nothing.
   */
  async reserveSendSlot(job: OutboundSendJob): Promise<number> {
    const connection = await this.connections.find(job.tenantId, job.connectionId);
    if (!connection || !this.registry.hasChannel(connection.type)) return 0;
    const { plugin } = this.registry.channel(connection.type);
    const own = plugin.sendRateFor?.(connection);
    // A plugin's per-connection rate is checked here, where it is used; a bad one must not stop the sends.
    const rate = own && !sendRateProblem(own) ? own : plugin.capabilities.sendRate;
    this.pacer ??= new SendPacer(this.redis as never);
    return this.pacer.reserve(paceBudgets(`${this.queueKeyPrefix}:`, rate, { connectionId: job.connectionId, recipient: job.conversationId }));
  }

  /** The Redis connection Bull already holds, for the per-conversation reply lock. */
  get redis() {
    return this.replies.client;
  }

  /** Lock keys live under the queue prefix, so installations sharing one Redis never block each other. */
  get lockPrefix(): string {
    return `${this.queueKeyPrefix}:reply-lock:`;
  }

  private get queueKeyPrefix(): string {
    return (this.replies as unknown as { keyPrefix?: string }).keyPrefix ?? 'bull';
  }
}
