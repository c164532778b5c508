import { createToolContext, describeToolContract } from '@confab/plugin-sdk/testing';
import { ScheduleFollowUpTool } from './schedule-follow-up.tool';

describeToolContract('schedule_follow_up', () => ({
  plugin: new ScheduleFollowUpTool(),
  config: { template: { name: 'check_in', language: 'en_US' } },
  sampleArgs: { inMinutes: 60, message: 'Did the parcel arrive?' },
}));

describe('schedule_follow_up', () => {
  it('creates a follow_up task due at the requested time, carrying the message and the fallback template', async () => {
    const ctx = createToolContext({ template: { name: 'check_in', language: 'en_US' } });
    const before = Date.now();
    const result = await new ScheduleFollowUpTool().execute({ inMinutes: 90, message: 'Did it arrive?', reason: 'parcel' }, ctx);
    expect(result.validation).toBe('ok');
    const [task] = ctx.createdTasks;
    expect(task).toMatchObject({ kind: 'follow_up', title: 'Follow up: parcel', details: { message: 'Did it arrive?', template: { name: 'check_in' } } });
    expect(task.dueAt!.getTime() - before).toBeGreaterThanOrEqual(90 * 60_000 - 1000);
  });

  it('refuses a time in the past or beyond the limit', async () => {
    const ctx = createToolContext({ maxDelayDays: 2 });
    const tool = new ScheduleFollowUpTool();
    expect(await tool.execute({ at: '2000-01-01T00:00:00Z', message: 'x' }, ctx)).toMatchObject({ isError: true, validation: 'invalid' });
    expect(await tool.execute({ inMinutes: 3 * 24 * 60, message: 'x' }, ctx)).toMatchObject({ isError: true });
    expect(await tool.execute({ message: 'x' }, ctx)).toMatchObject({ isError: true });
    expect(ctx.createdTasks).toEqual([]);
  });
});
