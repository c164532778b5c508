import { describeChannelContract } from '@confab/plugin-sdk/testing';
import { TestChannel } from './test-channel';

describeChannelContract('TestChannel', () => ({
  plugin: new TestChannel(),
  connection: { id: 'c1', tenantId: 't1', type: 'test', assistantId: 'a1', name: 'test', config: {}, state: {} },
  validConfig: {},
}));

describe('TestChannel', () => {
  it('reports test replies delivered at once, with a provider id derived from the message', async () => {
    const result = await new TestChannel().send(
      { id: 'c1', tenantId: 't1', type: 'test', assistantId: 'a1', name: 'test', config: {}, state: {} },
      { messageId: 'm-1', conversationId: 'conv', to: [], text: 'hi' },
    );
    expect(result).toEqual({ ok: true, providerMessageId: 'test-m-1', deliveryStatus: 'delivered' });
  });
});
