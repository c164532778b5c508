import { Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { ConversationReplies, type ReplyOutcome } from '@confab/plugin-sdk';
import { Message } from '../entities/message.entity';

const POLL_MS = 25;

/**
 * Waits for the assistant's answer by watching the database, which works whichever worker process writes it.
 * The answer is the reply that took the message off the pending list (one reply may answer a whole burst).
 */
@Injectable()
export class ConversationRepliesAdapter extends ConversationReplies {
  constructor(private readonly db: Db) {
    super();
  }

  async waitForReply(tenantId: string, conversationId: string, messageId: string, timeoutMs: number): Promise<ReplyOutcome> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const em = this.db.forTenant(tenantId);
      const asked = await em.findOne(Message, { id: messageId, conversationId });
      if (!asked || asked.replyState == null) return { state: 'no_reply', replies: [] };
      if (asked.replyState === 'skipped') return { state: asked.replyError === 'handed_over' ? 'handed_over' : 'no_reply', replies: [] };
      if (asked.answeredByMessageId) {
        const reply = await em.findOneOrFail(Message, { id: asked.answeredByMessageId });
        const view = { messageId: reply.id, text: reply.text ?? '', createdAt: reply.createdAt, offline: Boolean(reply.metadata.offline) };
        return { state: asked.replyState === 'failed' ? 'failed' : 'answered', replies: [view] };
      }
      if (Date.now() >= deadline) return { state: 'pending', replies: [] };
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
