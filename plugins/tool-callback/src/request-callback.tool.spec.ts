import { createToolContext, describeToolContract } from '@confab/plugin-sdk/testing';
import { RequestCallbackTool } from './request-callback.tool';

describeToolContract('request_callback', () => ({
  plugin: new RequestCallbackTool(),
  config: { defaultCountry: 'DE' },
  sampleArgs: { phone: '0151 23456789', topic: 'Invoice question', preferredTime: 'weekday mornings' },
}));

describe('request_callback', () => {
  const tool = new RequestCallbackTool();

  it('records a callback task with the number in E.164, the topic and the window', async () => {
    const ctx = createToolContext({ defaultCountry: 'DE' });
    const result = await tool.execute({ phone: '0151 23456789', topic: ' Invoice ', earliest: '2026-12-01T08:00:00Z', latest: '2026-12-01T12:00:00Z' }, ctx);
    expect(result).toMatchObject({ validation: 'ok', content: { recorded: true, phone: '+4915123456789' } });
    expect(ctx.createdTasks).toEqual([
      expect.objectContaining({ kind: 'callback', title: 'Call back +4915123456789: Invoice', dueAt: new Date('2026-12-01T08:00:00Z'), details: expect.objectContaining({ topic: 'Invoice', latest: '2026-12-01T12:00:00.000Z' }) }),
    ]);
    expect(ctx.variables.get('callback_phone')).toBe('+4915123456789');
  });

  it("uses the chat's own number when none is given (WhatsApp ids have no '+')", async () => {
    const ctx = createToolContext({});
    ctx.conversation = { ...ctx.conversation, customer: { identifier: '4915123456789', name: null } };
    await tool.execute({ topic: 'Delivery' }, ctx);
    expect(ctx.createdTasks[0].details).toMatchObject({ phone: '+4915123456789' });
  });

  it('refuses what is not a callable number or a sane window, and records nothing', async () => {
    const ctx = createToolContext({});
    ctx.conversation = { ...ctx.conversation, customer: { identifier: 'test-abc', name: null } };
    expect(await tool.execute({ topic: 'x' }, ctx)).toMatchObject({ isError: true, validation: 'invalid' });
    expect(await tool.execute({ phone: '+4915123456789', topic: 'x', earliest: '2026-12-02T10:00:00Z', latest: '2026-12-02T09:00:00Z' }, ctx)).toMatchObject({ isError: true });
    expect(ctx.createdTasks).toEqual([]);
  });
});
