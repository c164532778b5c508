import { Logger } from '@nestjs/common';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { appendEvents, Db } from '@confab/persistence';
import { canSendTemplates, PluginRegistry } from '@confab/plugin-sdk';
import { Conversation } from '../entities/conversation.entity';
import { Message } from '../entities/message.entity';
import { Task } from '../entities/task.entity';
import { AgentMessageSent, FollowUpDue } from '../events/conversation.events';
import { FOLLOW_UP_QUEUE, type FollowUpJob } from './follow-up.scheduler';
import { FOR_UPDATE } from '../domain/locking';

interface FollowUpDetails {
  message?: string;
  template?: { name: string; language: string; parameters?: unknown[] };
}

/**
 * A follow-up comes due. It is sent when the channel allows it now: free-form inside the service window (or on a
 * channel without one), a configured template outside it. Otherwise the task stays open for a human. Either way
 * follow_up.due is announced. A cancelled or completed task sends nothing, and a task that already came due does
 * nothing again.
 */
@Processor(FOLLOW_UP_QUEUE)
export class FollowUpProcessor {
  private readonly logger = new Logger('FollowUps');

  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
  ) {}

  @Process({ concurrency: 8 })
  async handle(job: Job<FollowUpJob>): Promise<string> {
    const { tenantId, taskId } = job.data;
    return this.db.transaction(tenantId, async (em) => {
      const task = await em.findOne(Task, { id: taskId });
      if (!task || task.status !== 'open' || !task.conversationId) return 'not open';
      // Left open for a human after it came due: a job added again by a replayed TaskCreated announces nothing twice.
      if ((task.details as { outcome?: string }).outcome) return 'already due';
      const conversation = await em.findOneOrFail(Conversation, { id: task.conversationId }, FOR_UPDATE);
      const plugin = this.registry.hasChannel(conversation.channel) ? this.registry.channel(conversation.channel).plugin : null;
      const details = task.details as FollowUpDetails;
      const hours = plugin?.capabilities.serviceWindowHours;
      const windowOpen = !hours || (conversation.serviceWindowExpiresAt != null && conversation.serviceWindowExpiresAt > new Date());
      const template = !windowOpen && details.template && plugin && canSendTemplates(plugin) ? details.template : null;
      let outcome: 'sent' | 'sent_template' | 'needs_human' = 'needs_human';
      if ((windowOpen && details.message) || template) {
        const message = Object.assign(new Message(), {
          tenantId, conversationId: conversation.id, connectionId: conversation.connectionId, direction: 'outbound' as const,
          author: template ? ('system' as const) : ('assistant' as const),
          text: template ? `[template ${template.name} (${template.language})]` : details.message,
          deliveryStatus: 'pending' as const, metadata: { followUpTaskId: task.id, ...(template ? { template, businessInitiated: true } : {}) },
        });
        em.persist(message);
        conversation.messageCount += 1;
        conversation.lastMessageAt = message.createdAt;
        appendEvents(em, new AgentMessageSent(tenantId, conversation.id, message.id, message.author as 'assistant' | 'system'));
        Object.assign(task, { status: 'done', closedAt: new Date() });
        outcome = template ? 'sent_template' : 'sent';
      }
      task.details = { ...task.details, outcome };
      appendEvents(em, new FollowUpDue(tenantId, conversation.id, task.id, outcome));
      this.logger.log({ msg: 'Follow-up due', taskId, outcome });
      return outcome;
    });
  }
}
