export const CONVERSATIONS_OPTIONS = Symbol('CONVERSATIONS_OPTIONS');

export interface ConversationsOptions {
  /** Absolute base URL of this server as providers and browsers reach it. */
  publicUrl: string;
  /** Run the Bull processors in this process (ROLE=worker or all). */
  worker: boolean;
  /** Wait this long after a customer message before replying, so a burst gets one answer. */
  replyDebounceMs: number;
  /**
   * The channel's typing indicator (WhatsApp: mark-read with "typing…", one Graph call) is shown only when the reply
   * is still being generated after this long; a faster reply goes out with one call instead of two. 0: always at
   * once. Default 1 s.
   */
  typingDelayMs?: number;
  replyAttempts: number;
  replyBackoffMs: number;
  /** One reply attempt (every model call and tool of the turn) is cut off after this long. */
  replyAttemptTimeoutMs: number;
  /**
   * Longest wait for a reply, from the first pending customer message, when the channel does not declare its own
   * `replyBudgetMs`: once retries could not finish within it, the fallback answers.
   */
  replyBudgetMs: number;
  sendAttempts: number;
  sendBackoffMs: number;
  /** Tool-call rounds per reply before the model must answer in words. */
  maxToolRounds: number;
  /** Messages of history sent to the model. */
  historyLimit: number;
  /**
   * How long a worker's claim on its jobs and conversations lasts without a heartbeat: a crashed worker's replies
   * are picked up by another worker after about this long. Default 15 s.
   */
  workerLeaseMs?: number;
  /**
   * Reply jobs in flight per worker process (REPLY_CONCURRENCY). A reply mostly waits on the model, holding no
   * database connection meanwhile, so this follows message rate x model latency (docs/scaling.md#sizing). Default 200.
   */
  replyConcurrency?: number;
  /** Send jobs in flight per worker process (SEND_CONCURRENCY). Default 32. */
  sendConcurrency?: number;
  /** UNANSWERED_PENDING_MS: the list's `unanswered` filter and marker use the unanswered queue's threshold. Default 2 min. */
  unansweredAfterMs?: number;
  /** On shutdown, how long a worker may spend finishing its replies and sends in flight. Default 25 s. */
  shutdownDrainMs?: number;
}

export const workerLeaseMs = (options: Pick<ConversationsOptions, 'workerLeaseMs'>): number => options.workerLeaseMs ?? 15_000;
export const replyConcurrency = (options: Pick<ConversationsOptions, 'replyConcurrency'>): number => options.replyConcurrency ?? 200;
export const sendConcurrency = (options: Pick<ConversationsOptions, 'sendConcurrency'>): number => options.sendConcurrency ?? 32;
export const typingDelayMs = (options: Pick<ConversationsOptions, 'typingDelayMs'>): number => options.typingDelayMs ?? 1_000;
