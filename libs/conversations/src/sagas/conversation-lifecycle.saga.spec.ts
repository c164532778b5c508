import { randomUUID } from 'node:crypto';
import { UnhandledExceptionBus, type ICommand, type IEvent } from '@nestjs/cqrs';
import { lastValueFrom, of, toArray, type Observable } from 'rxjs';
import { AssistantReplied, ConversationStarted, CustomerMessageReceived, DeliveryStatusChanged, OutboundMessageSent } from '../events/conversation.events';
import { SendOutboundMessage } from '../commands/send-outbound-message/send-outbound-message.command';
import { ConversationLifecycleSaga, ScheduleReply } from './conversation-lifecycle.saga';

/**
 * An event whose relayed() is false gets no outbox row, so no saga may need it: every saga of the lifecycle is
 * run on each such event (as the relay would) and must map it to nothing; the relayed forms still map to commands.
 */
describe('ConversationLifecycleSaga and events that skip the outbox', () => {
  const saga = new ConversationLifecycleSaga(new UnhandledExceptionBus());
  afterAll(() => saga.onModuleDestroy());
  const sagas = Object.values(saga).filter((v): v is (events$: Observable<IEvent>) => Observable<ICommand> => typeof v === 'function');
  const commandsFor = async (event: IEvent) => (await Promise.all(sagas.map((s) => lastValueFrom(s(of(event)).pipe(toArray()))))).flat();

  const [tenant, conversation, message, connection] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const reply = (sentByReplyJob: boolean) => new AssistantReplied(tenant, conversation, message, [randomUUID()], 80, 10, false, false, 10, connection, sentByReplyJob);
  const received = (wantsReply: boolean, scheduledOnReceipt = false) =>
    new CustomerMessageReceived(tenant, conversation, message, wantsReply, new Date().toISOString(), true, null, scheduledOnReceipt);

  it.each([
    ['a message that wants no reply', received(false)],
    ['a message whose reply was queued on receipt', received(true, true)],
    ['a reply the reply job sent itself', reply(true)],
    ['a send recorded', new OutboundMessageSent(tenant, conversation, message, 'wamid.1', new Date().toISOString())],
    ['a delivery status', new DeliveryStatusChanged(tenant, conversation, message, 'read', new Date().toISOString())],
    ['a conversation started', new ConversationStarted(tenant, conversation, 'whatsapp', randomUUID(), randomUUID(), [], new Date().toISOString())],
    ['a test chat started', new ConversationStarted(tenant, conversation, 'test', randomUUID(), randomUUID(), ['test'], new Date().toISOString())],
  ])('maps %s (not relayed) to no command', async (_, event) => {
    expect(event.relayed()).toBe(false);
    expect(sagas.length).toBeGreaterThanOrEqual(3);
    expect(await commandsFor(event)).toEqual([]);
  });

  it('still maps the relayed forms: a message that wants a reply, a reply left to the send queue', async () => {
    expect(received(true).relayed()).toBe(true);
    expect(await commandsFor(received(true))).toEqual([expect.any(ScheduleReply)]);
    expect(reply(false).relayed()).toBe(true);
    expect(await commandsFor(reply(false))).toEqual([expect.any(SendOutboundMessage)]);
  });
});
