import type { Message } from '../../entities/message.entity';
import { clientToolsOf, clientToolTurns } from './client-tools';

const msg = (author: Message['author'], text: string, metadata: Record<string, unknown> = {}) => ({ author, text, metadata }) as unknown as Message;
const call = { id: 'call_1', name: 'get_weather', arguments: '{"city":"Berlin"}' };

describe('client tools in the history', () => {
  it('turns a reply with client tool calls and the results that answer them into assistant and tool turns', () => {
    const asked = clientToolTurns(msg('assistant', '', { clientToolCalls: [call] }));
    expect(asked).toEqual([{ role: 'assistant', content: null, toolCalls: [call] }]);
    const answered = clientToolTurns(msg('customer', '(tool result call_1) 21', { toolResults: [{ toolCallId: 'call_1', content: '21' }], userText: 'and tomorrow?' }), asked![0]);
    expect(answered).toEqual([{ role: 'tool', toolCallId: 'call_1', content: '21' }, { role: 'user', content: 'and tomorrow?' }]);
  });

  it('reads results whose call is not right before them as ordinary text', () => {
    const results = msg('customer', '(tool result call_9) 21', { toolResults: [{ toolCallId: 'call_9', content: '21' }] });
    expect(clientToolTurns(results, { role: 'assistant', content: null, toolCalls: [call] })).toBeNull();
    expect(clientToolTurns(results, { role: 'user', content: 'hi' })).toBeNull();
    expect(clientToolTurns(msg('customer', 'hello'))).toBeNull();
  });

  it('offers the tools of the newest pending message that carries some', () => {
    const tool = { name: 'get_weather', description: '', parameters: { type: 'object', properties: {} } };
    expect(clientToolsOf([msg('customer', 'a', { clientTools: [] }), msg('customer', 'b', { clientTools: [tool] }), msg('customer', 'c')])).toEqual([tool]);
    expect(clientToolsOf([msg('customer', 'a')])).toEqual([]);
  });
});
