import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import type { Queue } from 'bull';
import { TaskCreated } from '../events/conversation.events';

export const FOLLOW_UP_QUEUE = 'follow-ups';

export interface FollowUpJob {
  tenantId: string;
  taskId: string;
}

/**
 * A follow-up task with a due time becomes a delayed job. A failed add (Redis down) is thrown, not logged and
 * dropped: the relay records the failure and dispatches TaskCreated again with backoff, so the follow-up still
 * fires. Replays are harmless: the job id is per task, so an add while the job waits is a no-op, and a job added
 * again after it ran finds the task no longer open or already announced (FollowUpProcessor).
 */
@Injectable()
@EventsHandler(TaskCreated)
export class FollowUpScheduler implements IEventHandler<TaskCreated> {
  constructor(@InjectQueue(FOLLOW_UP_QUEUE) private readonly queue: Queue<FollowUpJob>) {}

  async handle(event: TaskCreated): Promise<void> {
    if (event.kind !== 'follow_up' || !event.dueAt) return;
    const delay = Math.max(0, Date.parse(event.dueAt) - Date.now());
    await this.queue.add(
      { tenantId: event.tenantId, taskId: event.taskId },
      { jobId: `follow-up:${event.taskId}`, delay, attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: true, removeOnFail: 1000 },
    );
  }
}
