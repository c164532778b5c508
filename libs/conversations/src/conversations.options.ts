export const CONVERSATIONS_OPTIONS = Symbol('CONVERSATIONS_OPTIONS');

export interface ConversationsOptions {
  /** Absolute base URL of this server as providers and browsers reach it. */
  publicUrl: string;
  /** Run the Bull processors in this process (ROLE=worker or all). */
  worker: boolean;
  /** Wait this long after a customer message before replying, so a burst gets one answer. */
  replyDebounceMs: number;
  replyAttempts: number;
  replyBackoffMs: number;
  sendAttempts: number;
  sendBackoffMs: number;
  /** Tool-call rounds per reply before the model must answer in words. */
  maxToolRounds: number;
  /** Messages of history sent to the model. */
  historyLimit: number;
}
