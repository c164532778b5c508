import type { Assistant } from '@confab/assistants';
import type { Message } from '../../entities/message.entity';
import { BURST_CAP_WINDOWS } from '../../queues/reply-burst';

/**
 * Whether customer messages that arrived after a turn read its own still wait, while the turn's burst is young
 * enough (its first message less than the cap ago) to be answered as one. Never with a window of 0.
 */
export function burstContinues(assistant: Assistant, turn: Message[], defaultWindowMs: number, newerPending: number): boolean {
  const windowMs = assistant.replyDebounceMs ?? defaultWindowMs;
  if (windowMs <= 0 || Date.now() - turn[0].createdAt.getTime() >= windowMs * BURST_CAP_WINDOWS) return false;
  return newerPending > 0;
}
