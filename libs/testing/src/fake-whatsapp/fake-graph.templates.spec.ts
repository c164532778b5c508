import { eventually } from '../eventually';
import { startFakeGraph, type FakeGraph, type FakeTemplate } from './index';
import { graph, orderUpdate, sendMessage, startRawReceiver, VERSION, type RawReceiver } from './fake-graph.test-helpers';

const CUSTOMER = '15550004444';
const WABA = '200000000000002';

describe('fake Graph API: templates', () => {
  let fake: FakeGraph;
  let receiver: RawReceiver;

  beforeAll(async () => {
    fake = await startFakeGraph({
      templates: [
        {
          name: 'order_update',
          language: 'en_US',
          category: 'UTILITY',
          status: 'APPROVED',
          components: [{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships today.' }],
        },
        { name: 'spring_sale', language: 'de_DE', category: 'MARKETING', status: 'APPROVED', components: [] },
        { name: 'draft', language: 'en_US', category: 'UTILITY', status: 'PENDING', components: [] },
      ],
    });
    receiver = await startRawReceiver();
    fake.setWebhookTarget(receiver.url);
  });
  afterEach(() => {
    fake.reset();
    receiver.received.length = 0;
  });
  afterAll(async () => {
    await fake.close();
    await receiver.close();
  });

  it('accepts an approved template outside the window with message_status and charged category pricing', async () => {
    const res = await sendMessage(fake, orderUpdate(`+${CUSTOMER}`, ['Ana', 'A-1042']));
    expect(res.status).toBe(200);
    expect(res.json.messages).toEqual([{ id: expect.stringMatching(/^wamid\./), message_status: 'accepted' }]);
    const wamid = res.json.messages[0].id;
    await eventually(() => expect(receiver.statuses().filter((s) => s.id === wamid)).toHaveLength(3));
    const [sent, delivered, read] = receiver.statuses();
    const charged = { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' };
    expect([sent.pricing, delivered.pricing, read.pricing]).toEqual([charged, charged, undefined]);
  });

  it('prices a marketing template by its category and a utility template inside the window as free', async () => {
    const sale = await sendMessage(fake, {
      to: CUSTOMER,
      type: 'template',
      template: { name: 'spring_sale', language: { code: 'de_DE' } },
    });
    fake.inboundText({ from: '15550005555', text: 'where is my order?' });
    const utility = await sendMessage(fake, orderUpdate('15550005555', ['Bo', 'B-7']));
    const pricingOf = (wamid: string) => receiver.statuses().find((s) => s.id === wamid && s.status === 'sent')?.pricing;
    await eventually(() => expect(pricingOf(utility.json.messages[0].id)).toBeDefined());
    await eventually(() => expect(pricingOf(sale.json.messages[0].id)).toBeDefined());
    const charged = { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' };
    expect(pricingOf(sale.json.messages[0].id)).toEqual(charged);
    expect(pricingOf(utility.json.messages[0].id)).toEqual({
      billable: false,
      pricing_model: 'PMP',
      type: 'free_customer_service',
      category: 'utility',
    });
  });

  it.each([
    ['an unknown name', orderUpdate(CUSTOMER, ['a', 'b'], 'no_such_template')],
    ['a missing language', orderUpdate(CUSTOMER, ['a', 'b'], 'order_update', 'pt_BR')],
    ['a template that is not approved', orderUpdate(CUSTOMER, [], 'draft')],
  ])('answers 404 code 132001 for %s', async (_label, body) => {
    const res = await sendMessage(fake, body);
    expect(res.status).toBe(404);
    expect(res.json.error).toMatchObject({
      code: 132001,
      type: 'OAuthException',
      message: '(#132001) Template name does not exist in the translation',
      error_data: { messaging_product: 'whatsapp', details: expect.stringContaining('does not exist in') },
    });
    expect(fake.sent()).toEqual([]);
  });

  it('answers 400 code 132000 when the body parameter count does not match', async () => {
    const res = await sendMessage(fake, orderUpdate(CUSTOMER, ['only one']));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 132000, message: expect.stringMatching(/^\(#132000\) /) });
    expect(res.json.error.error_data.details).toContain('(1) does not match the expected number of params (2)');
  });

  it('lists templates with Graph cursor paging', async () => {
    const first = await graph(fake, `/${VERSION}/${WABA}/message_templates?limit=2`);
    expect(first.status).toBe(200);
    expect(first.json.data.map((t: FakeTemplate) => t.name)).toEqual(['order_update', 'spring_sale']);
    expect(first.json.data[0]).toEqual({
      name: 'order_update',
      components: [{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships today.' }],
      language: 'en_US',
      status: 'APPROVED',
      category: 'UTILITY',
      id: expect.stringMatching(/^\d+$/),
    });
    expect(first.json.paging.cursors).toEqual({ before: expect.any(String), after: expect.any(String) });
    expect(first.json.paging.next).toEqual(expect.stringContaining(`/${VERSION}/${WABA}/message_templates?`));

    const after = first.json.paging.cursors.after;
    const second = await graph(fake, `/${VERSION}/${WABA}/message_templates?limit=2&after=${after}`);
    expect(second.json.data.map((t: FakeTemplate) => t.name)).toEqual(['draft']);
    expect(second.json.paging.next).toBeUndefined();
    const viaNext = await fetch(first.json.paging.next, { headers: { authorization: 'Bearer test-access-token' } });
    expect(((await viaNext.json()) as any).data).toEqual(second.json.data);

    const unknownWaba = await graph(fake, `/${VERSION}/1234/message_templates`);
    expect(unknownWaba.status).toBe(400);
    expect((await graph(fake, `/${VERSION}/${WABA}/message_templates`, { token: 'wrong' })).status).toBe(401);
  });
});
