import { parseNotification } from './webhook-parser';

const PNID = '100000000000001';
const envelope = (value: Record<string, unknown>, field = 'messages') => ({
  object: 'whatsapp_business_account',
  entry: [{ id: '200000000000001', changes: [{ field, value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550001111', phone_number_id: PNID }, ...value } }] }],
});
const text = (extra: Record<string, unknown> = {}) => ({ from: '15550002222', id: 'wamid.A', timestamp: '1760000000', type: 'text', text: { body: 'Hi' }, ...extra });

describe('parseNotification: odd input', () => {
  it.each([undefined, null, 42, 'text', [], [1, 2], {}, { entry: 'x' }, { entry: [null, 1, { changes: 'x' }] }, { entry: [{ changes: [null, { value: 7 }] }] }])(
    'returns empty buckets for %p',
    (payload) => {
      const r = parseNotification(payload);
      expect([...r.messages, ...r.statuses, ...r.echoes, ...r.edits, ...r.revokes, ...r.reactions, ...r.systemEvents, ...r.errors]).toEqual([]);
      expect(r.phoneNumberIds).toEqual([]);
    },
  );

  it('skips junk entries inside arrays but keeps the good siblings', () => {
    const r = parseNotification(envelope({ messages: [null, 'x', 3, text()] }));
    expect(r.messages).toHaveLength(1);
  });

  it('logs a message without an id in `other` instead of inventing a dedupe key', () => {
    const r = parseNotification(envelope({ messages: [{ ...text(), id: undefined }] }));
    expect(r.messages).toEqual([]);
    expect(r.other).toEqual([{ field: 'messages', value: expect.objectContaining({ type: 'text' }) }]);
  });

  it('logs a message with neither `from` nor a BSUID in `other`: it cannot be attributed to a customer', () => {
    const r = parseNotification(envelope({ messages: [text({ from: undefined })] }));
    expect(r.messages).toEqual([]);
    expect(r.other).toHaveLength(1);
  });

  it('walks every entry and change and de-duplicates phone number ids', () => {
    const a = envelope({ messages: [text()] });
    const b = envelope({ messages: [text({ id: 'wamid.B' })] });
    const other = { field: 'messages', value: { metadata: { phone_number_id: '999' }, messages: [text({ id: 'wamid.C' })] } };
    const r = parseNotification({ entry: [...a.entry, { changes: [...b.entry[0]!.changes, other] }] });
    expect(r.messages.map((m) => [m.phoneNumberId, m.message.providerMessageId])).toEqual([[PNID, 'wamid.A'], [PNID, 'wamid.B'], ['999', 'wamid.C']]);
    expect(r.phoneNumberIds).toEqual([PNID, '999']);
  });

  it('infers the field when a hand-written payload leaves it out', () => {
    const r = parseNotification({ entry: [{ changes: [{ value: { messages: [text()] } }] }] });
    expect(r.messages).toHaveLength(1);
  });
});

describe('parseNotification: timestamps', () => {
  it('reads string and number unix seconds', () => {
    const r = parseNotification(envelope({ messages: [text(), text({ id: 'wamid.B', timestamp: 1760000001 })] }));
    expect(r.messages.map((m) => m.message.sentAt.toISOString())).toEqual(['2025-10-09T08:53:20.000Z', '2025-10-09T08:53:21.000Z']);
  });

  it('uses the fallback (epoch by default, never the clock) when the timestamp is missing, and flags it', () => {
    const payload = envelope({ messages: [text({ timestamp: 'soon' })] });
    expect(parseNotification(payload).messages[0]!.message).toMatchObject({ sentAt: new Date(0), metadata: { timestampMissing: true } });
    const received = new Date('2026-09-01T10:00:00Z');
    expect(parseNotification(payload, { fallbackTime: received }).messages[0]!.message.sentAt).toEqual(received);
  });
});

describe('parseNotification: customers', () => {
  it('identifies a username-only user by BSUID when `from` is absent', () => {
    const r = parseNotification(envelope({
      contacts: [{ profile: { name: 'Ana', username: 'ana.b' }, user_id: 'US.1234567890123456', parent_user_id: 'US.ENT.99' }],
      messages: [text({ from: undefined, from_user_id: 'US.1234567890123456' })],
    }));
    expect(r.messages[0]!.message.customer).toEqual({ identities: [{ kind: 'bsuid', value: 'US.1234567890123456' }], displayName: 'Ana' });
    expect(r.messages[0]!.message.metadata).toMatchObject({ username: 'ana.b', parentUserId: 'US.ENT.99' });
  });

  it('matches each message to its own contact in a multi-contact batch', () => {
    const r = parseNotification(envelope({
      contacts: [{ profile: { name: 'Ana' }, wa_id: '111' }, { profile: { name: 'Bo' }, wa_id: '222', user_id: 'US.2' }],
      messages: [text({ from: '222', id: 'wamid.B' }), text({ from: '111' })],
    }));
    expect(r.messages.map((m) => m.message.customer)).toEqual([
      { identities: [{ kind: 'wa_id', value: '222' }, { kind: 'bsuid', value: 'US.2' }], displayName: 'Bo' },
      { identities: [{ kind: 'wa_id', value: '111' }], displayName: 'Ana' },
    ]);
  });

  it('does not attach a lone contact whose wa_id contradicts `from` (would merge two customers)', () => {
    const r = parseNotification(envelope({ contacts: [{ profile: { name: 'Eve' }, wa_id: '333', user_id: 'US.3' }], messages: [text()] }));
    expect(r.messages[0]!.message.customer).toEqual({ identities: [{ kind: 'wa_id', value: '15550002222' }] });
  });
});

describe('parseNotification: message kinds', () => {
  it('treats request_welcome as a content-less message that expects a greeting', () => {
    const r = parseNotification(envelope({ messages: [{ from: '15550002222', id: 'wamid.W', timestamp: '1760000000', type: 'request_welcome' }] }));
    expect(r.messages[0]).toMatchObject({ kind: 'request_welcome', message: { expectsReply: true, metadata: { requestWelcome: true } } });
    expect(r.messages[0]!.message.text).toBeUndefined();
  });

  it('keeps a type it does not know as unsupported, without feeding it to the assistant', () => {
    const r = parseNotification(envelope({ messages: [text({ type: 'poll_vote', poll_vote: { option: 1 } })] }));
    expect(r.messages[0]!.message).toMatchObject({ expectsReply: false, attachments: [{ type: 'unsupported', data: { unsupportedType: 'poll_vote', errors: [] } }] });
  });

  it('marks a media message carrying errors (131052, too big) as unsupported', () => {
    const errors = [{ code: 131052, title: 'Media download error', message: 'Media download error', error_data: { details: 'Too big' } }];
    const r = parseNotification(envelope({ messages: [{ from: '1', id: 'wamid.M', timestamp: '1760000000', type: 'video', video: { id: '5' }, errors }] }));
    expect(r.messages[0]!.message).toMatchObject({ expectsReply: false, metadata: { providerErrors: [{ code: '131052', title: 'Media download error', details: 'Too big' }] } });
  });

  it('records group messages and product questions in metadata', () => {
    const r = parseNotification(envelope({ messages: [text({ group_id: 'G1', context: { from: '1', id: 'wamid.Q', referred_product: { catalog_id: 'C', product_retailer_id: 'P' } } })] }));
    expect(r.messages[0]!.message).toMatchObject({ replyToProviderMessageId: 'wamid.Q', metadata: { groupId: 'G1', referredProduct: { catalog_id: 'C', product_retailer_id: 'P' } } });
  });

  it('keeps an nfm_reply whose response_json is not JSON as the raw string', () => {
    const r = parseNotification(envelope({ messages: [text({ type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { name: 'survey', response_json: '{oops' } } })] }));
    expect(r.messages[0]!.message).toMatchObject({ text: 'Submitted form "survey"', metadata: { interactive: { response: '{oops' } } });
  });

  it('reads user_changed_user_id system messages into new identities', () => {
    const sys = { from_user_id: 'US.old', id: 'wamid.S', timestamp: '1760000000', type: 'system', system: { type: 'user_changed_user_id', body: 'changed', user_id: 'US.new' } };
    const r = parseNotification(envelope({ messages: [sys] }));
    expect(r.systemEvents[0]).toMatchObject({ identities: [{ kind: 'bsuid', value: 'US.old' }], newIdentities: [{ kind: 'bsuid', value: 'US.new' }] });
  });
});

describe('parseNotification: statuses and echoes', () => {
  const status = (extra: Record<string, unknown>) => ({ id: 'wamid.O', status: 'delivered', timestamp: '1760000100', recipient_id: '15550002222', ...extra });

  it('maps PMP pricing, BSUID recipients and both parent-BSUID spellings', () => {
    const pricing = { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
    const r = parseNotification(envelope({ statuses: [status({ recipient_id: undefined, recipient_user_id: 'US.7', parent_recipient_user_id: 'US.ENT.7', pricing })] }));
    expect(r.statuses[0]).toMatchObject({ recipient: [{ kind: 'bsuid', value: 'US.7' }], pricing: { billable: false, pricingModel: 'PMP', type: 'free_customer_service', category: 'service' } });
    expect(r.statuses[0]!.update.metadata).toMatchObject({ recipientParentUserId: 'US.ENT.7' });
  });

  it('skips statuses the SDK cannot express and logs them in `other`', () => {
    const r = parseNotification(envelope({ statuses: [status({ status: 'deleted' }), status({ status: 'sent' })] }));
    expect(r.statuses.map((s) => s.update.status)).toEqual(['sent']);
    expect(r.other).toEqual([{ field: 'messages.statuses', value: expect.objectContaining({ status: 'deleted' }) }]);
  });

  it('keeps echoed reactions with the business as author, not in customer reactions', () => {
    const echo = { from: '15550001111', to: '15550002222', id: 'wamid.E', timestamp: '1760000300', type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '' } };
    const r = parseNotification(envelope({ message_echoes: [echo] }, 'smb_message_echoes'));
    expect(r.reactions).toEqual([]);
    expect(r.echoes[0]).toMatchObject({ kind: 'reaction', targetProviderMessageId: 'wamid.X', emoji: null, to: [{ kind: 'wa_id', value: '15550002222' }] });
  });

  it('reads the body text of an echoed interactive message sent from the app', () => {
    const echo = { to: '1', id: 'wamid.I', timestamp: '1760000300', type: 'interactive', interactive: { type: 'button', body: { text: 'Pick one' } } };
    const r = parseNotification(envelope({ message_echoes: [echo] }, 'smb_message_echoes'));
    expect(r.echoes[0]).toMatchObject({ kind: 'interactive', text: 'Pick one', attachments: [] });
  });
});
