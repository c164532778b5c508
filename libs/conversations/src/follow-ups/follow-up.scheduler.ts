import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import type { Queue } from 'bull';
import { TaskCreated } from '../events/conversation.events';

export const FOLLOW_UP_QUEUE = 'follow-ups';

export interface FollowUpJob {
  tenantId: string;
  taskId: string;
}

/** A follow-up task with a due time becomes a delayed job; the job id makes a replayed event harmless. */
@Injectable()
@EventsHandler(TaskCreated)
export class FollowUpScheduler implements IEventHandler<TaskCreated> {
  private readonly logger = new Logger('FollowUps');

  constructor(@InjectQueue(FOLLOW_UP_QUEUE) private readonly queue: Queue<FollowUpJob>) {}

  async handle(event: TaskCreated): Promise<void> {
    if (event.kind !== 'follow_up' || !event.dueAt) return;
    const delay = Math.max(0, Date.parse(event.dueAt) - Date.now());
    try {
      await this.queue.add({ tenantId: event.tenantId, taskId: event.taskId }, { jobId: `follow-up:${event.taskId}`, delay, attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: true, removeOnFail: 1000 });
    } catch (err) {
      this.logger.error({ msg: 'Could not schedule a follow-up', taskId: event.taskId, error: (err as Error).message });
    }
  }
}
