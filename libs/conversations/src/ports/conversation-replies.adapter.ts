import { Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { ConversationReplies, type ReplyView } from '@confab/plugin-sdk';
import { Message } from '../entities/message.entity';

const POLL_MS = 50;

/**
 * Waits for the assistant's answer by watching the database, which works whichever worker process writes it.
 * The message is answered when its reply state leaves 'pending'.
 */
@Injectable()
export class ConversationRepliesAdapter extends ConversationReplies {
  constructor(private readonly db: Db) {
    super();
  }

  async waitForReply(tenantId: string, conversationId: string, afterMessageId: string, timeoutMs: number): Promise<ReplyView[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const em = this.db.forTenant(tenantId);
      const asked = await em.findOne(Message, { id: afterMessageId, conversationId });
      if (!asked) return [];
      if (asked.answeredByMessageId) {
        const replies = await em.find(Message, { conversationId, author: 'assistant', createdAt: { $gte: asked.createdAt } }, { orderBy: { createdAt: 'asc' } });
        return replies.map((m) => ({ messageId: m.id, text: m.text ?? '', createdAt: m.createdAt, offline: Boolean(m.metadata.offline) }));
      }
      if (asked.replyState !== 'pending' || Date.now() >= deadline) return [];
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
