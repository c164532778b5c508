import type { Job } from 'bull';
import type { Db } from '@confab/persistence';
import type { PluginRegistry } from '@confab/plugin-sdk';
import { Task } from '../entities/task.entity';
import { FollowUpProcessor } from './follow-up.processor';
import type { FollowUpJob } from './follow-up.scheduler';

function processorWith(task: Task) {
  const em = {
    findOne: jest.fn(async () => task),
    findOneOrFail: jest.fn(async () => {
      throw new Error('the conversation must not be touched');
    }),
    persist: jest.fn(),
  };
  const db = { transaction: async (_tenantId: string, work: (tx: typeof em) => Promise<unknown>) => work(em) } as unknown as Db;
  return { processor: new FollowUpProcessor(db, {} as PluginRegistry), em };
}

const job = (taskId: string) => ({ data: { tenantId: 't1', taskId } }) as Job<FollowUpJob>;

describe('FollowUpProcessor', () => {
  it('does nothing for a task that already came due and was left open for a human (a replayed job)', async () => {
    const task = Object.assign(new Task(), { tenantId: 't1', conversationId: 'c1', kind: 'follow_up', status: 'open', details: { message: 'hi', outcome: 'needs_human' } });
    const { processor, em } = processorWith(task);
    await expect(processor.handle(job(task.id))).resolves.toBe('already due');
    expect(em.findOneOrFail).not.toHaveBeenCalled();
    expect(em.persist).not.toHaveBeenCalled();
  });

  it('does nothing for a task that is no longer open', async () => {
    const task = Object.assign(new Task(), { tenantId: 't1', conversationId: 'c1', kind: 'follow_up', status: 'cancelled', details: {} });
    await expect(processorWith(task).processor.handle(job(task.id))).resolves.toBe('not open');
  });
});
