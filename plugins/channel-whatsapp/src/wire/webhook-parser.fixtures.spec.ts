import * as fs from 'node:fs';
import * as path from 'node:path';
import { WHATSAPP_FIXTURES_DIR as DIR } from '@confab/testing';
import { parseNotification, type ParsedNotification } from './webhook-parser';

type Bucket = Exclude<keyof ParsedNotification, 'phoneNumberIds'>;
const BUCKETS: Bucket[] = ['messages', 'statuses', 'echoes', 'edits', 'revokes', 'reactions', 'systemEvents', 'errors', 'other'];
const WA = { kind: 'wa_id', value: '972987654321' };
const BSUID = { kind: 'bsuid', value: 'US.13491208655302741918' };
const at = (unixSeconds: number) => new Date(unixSeconds * 1000);

interface Expectation {
  counts: Partial<Record<Bucket, number>>;
  check?: (r: ParsedNotification) => void;
}

const msg = (r: ParsedNotification) => r.messages[0]!.message;
const media = (type: string, extra: object = {}) => (r: ParsedNotification) =>
  expect(msg(r).attachments).toEqual([expect.objectContaining({ type, ...extra })]);
const status = (s: string, raw: string, code?: string) => (r: ParsedNotification) => {
  expect(r.statuses[0]!.update).toMatchObject({ status: s, metadata: expect.objectContaining({ rawStatus: raw }) });
  if (code) expect(r.statuses[0]!.update.error?.code).toBe(code);
};
const unsupported = (unsupportedType?: string) => (r: ParsedNotification) => {
  expect(msg(r)).toMatchObject({ expectsReply: false, attachments: [{ type: 'unsupported' }] });
  expect(msg(r).text).toBeUndefined();
  expect(msg(r).attachments![0]!.data?.['unsupportedType']).toBe(unsupportedType);
};

const EXPECTED: Record<string, Expectation> = {
  'echo-smb-edit.json': { counts: { echoes: 1 }, check: (r) => expect(r.echoes[0]).toMatchObject({ kind: 'edit', text: 'Text was edited', targetProviderMessageId: 'wamid.zzzzzz' }) },
  'echo-smb-revoke.json': { counts: { echoes: 1 }, check: (r) => expect(r.echoes[0]).toMatchObject({ kind: 'revoke', targetProviderMessageId: 'wamid.zzzzzz', attachments: [] }) },
  'echo-smb-text-with-bsuid.json': {
    counts: { echoes: 1 },
    check: (r) => expect(r.echoes[0]).toMatchObject({ kind: 'text', text: 'Test message', at: at(1697043223), to: [{ kind: 'wa_id', value: '<WHATSAPP_USER_PHONE_NUMBER>' }, { kind: 'bsuid', value: '<BSUID>' }] }),
  },
  'error-object-190-expired-token.json': { counts: {} },
  'error-response-190-invalid-token.json': { counts: {} },
  'inbound-audio-voice.json': { counts: { messages: 1 }, check: media('audio', { mimeType: 'audio/ogg; codecs=opus', data: expect.objectContaining({ voice: true }) }) },
  'inbound-audio.json': { counts: { messages: 1 }, check: (r) => { media('audio', { data: expect.objectContaining({ voice: false }) })(r); expect(msg(r).metadata).toMatchObject({ forwarded: true }); } },
  'inbound-batch-two-changes.json': { counts: { messages: 2 }, check: (r) => expect(r.messages.map((m) => [m.message.text, m.message.sentAt])).toEqual([['MESSAGE_BODY', at(1669233778)], ['MESSAGE_BODY2', at(1669233779)]]) },
  'inbound-button-numeric-timestamp.json': { counts: { messages: 1 }, check: (r) => expect(msg(r)).toMatchObject({ text: 'No', sentAt: at(1669233778), metadata: { buttonPayload: 'No-Button-Payload' } }) },
  'inbound-button-template-quick-reply-no-context.json': { counts: { messages: 1 }, check: (r) => expect(msg(r)).toMatchObject({ text: 'title', metadata: { buttonPayload: 'callback_data' }, customer: { identities: [WA, BSUID] } }) },
  'inbound-button-template-quick-reply.json': { counts: { messages: 1 }, check: (r) => expect(msg(r)).toMatchObject({ text: 'title', replyToProviderMessageId: 'wamid.xyzxyz==' }) },
  'inbound-contacts.json': {
    counts: { messages: 1 },
    check: (r) => {
      expect(msg(r).text).toBe('Shared 3 contacts: Chandler Bing (+1 555-555-5555), Monica (+1 666-666-6666), Rachel Green (+1 777-777-7777)');
      expect((msg(r).attachments![0]!.data!['contacts'] as unknown[]).length).toBe(3);
    },
  },
  'inbound-document.json': { counts: { messages: 1 }, check: (r) => { media('document', { filename: 'filename.pdf', caption: 'caption', mimeType: 'application/pdf' })(r); expect(msg(r).text).toBe('caption'); } },
  'inbound-edit.json': {
    counts: { edits: 1 },
    check: (r) => expect(r.edits[0]).toMatchObject({
      providerMessageId: 'wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=',
      editId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
      newText: 'Updated image caption',
      attachments: [{ type: 'image', providerMediaId: '1234567890', url: 'https://media.example.com/updated-image.jpg' }],
      at: at(1749854575),
    }),
  },
  'inbound-forwarded.json': { counts: { messages: 1 }, check: (r) => expect(msg(r)).toMatchObject({ text: 'forwarded text', metadata: { forwarded: true } }) },
  'inbound-frequently-forwarded.json': { counts: { messages: 1 }, check: (r) => expect(msg(r).metadata).toMatchObject({ frequentlyForwarded: true }) },
  'inbound-image-no-caption.json': { counts: { messages: 1 }, check: (r) => { media('image', { providerMediaId: '65463453', data: { sha256: '4654+8g=' } })(r); expect(msg(r).text).toBeUndefined(); } },
  'inbound-image-with-url.json': { counts: { messages: 1 }, check: media('image', { url: expect.stringContaining('https://lookaside.fbsbx.com/') }) },
  'inbound-interactive-button-reply-bsuid.json': { counts: { messages: 1 }, check: (r) => expect(msg(r)).toMatchObject({ text: 'title', metadata: { interactive: { type: 'button_reply', id: 'callback_data', title: 'title' } } }) },
  'inbound-interactive-list-reply-bsuid.json': { counts: { messages: 1 }, check: (r) => expect(msg(r)).toMatchObject({ text: 'title - description', metadata: { interactive: { type: 'list_reply', description: 'description' } } }) },
  'inbound-interactive-nfm-reply-flow.json': { counts: { messages: 1 }, check: (r) => expect(msg(r)).toMatchObject({ text: 'Sent', metadata: { interactive: { type: 'nfm_reply', name: 'flow', response: { delivery_rating: '4' } } } }) },
  'inbound-location-coordinates-only.json': { counts: { messages: 1 }, check: (r) => expect(msg(r)).toMatchObject({ text: 'Location: (12.25089, 43.90539)', attachments: [{ type: 'location', data: { latitude: 12.25089, longitude: 43.90539 } }] }) },
  'inbound-location.json': { counts: { messages: 1 }, check: (r) => expect(msg(r).text).toBe('Location: Facebook HQ, 1 Hacker Way, Menlo Park, CA 94025 (37.4611978, -122.2164385)') },
  'inbound-order.json': { counts: { messages: 1 }, check: (r) => { expect(msg(r).text).toBe('Order: 3 x HAMBURGER @ 30 ILS, 2 x FRENCH_FRIES @ 35 ILS, 2 x SODA @ 10 ILS (total 180 ILS)'); expect(msg(r).metadata?.['order']).toMatchObject({ catalog_id: '354160437058781' }); } },
  'inbound-reaction-removed-empty-emoji.json': { counts: { reactions: 1 }, check: (r) => expect(r.reactions[0]).toMatchObject({ emoji: null, targetProviderMessageId: 'wamid.yzxyzx=' }) },
  'inbound-reaction-removed-no-emoji.json': { counts: { reactions: 1 }, check: (r) => expect(r.reactions[0]!.emoji).toBeNull() },
  'inbound-reaction.json': { counts: { reactions: 1 }, check: (r) => expect(r.reactions[0]).toEqual({ reactionId: 'wamid.xyzxyz', targetProviderMessageId: 'wamid.yzxyzx=', emoji: '😮', from: [WA, BSUID], at: at(1697044456) }) },
  'inbound-referral-placeholders.json': { counts: { messages: 1 }, check: (r) => expect(msg(r).metadata?.['referral']).toMatchObject({ source_id: 'ADID', ctwa_clid: 'CTWA_CLID' }) },
  'inbound-reply-context.json': { counts: { messages: 1 }, check: (r) => expect(msg(r)).toMatchObject({ text: 'replied text', replyToProviderMessageId: 'wamid.xyzxyz==' }) },
  'inbound-revoke.json': { counts: { revokes: 1 }, check: (r) => expect(r.revokes[0]).toEqual({ providerMessageId: '<ORIGINAL_WHATSAPP_MESSAGE_ID>', revokeId: '<WHATSAPP_MESSAGE_ID>', at: at(1697043223) }) },
  'inbound-sticker-animated.json': { counts: { messages: 1 }, check: media('sticker', { mimeType: 'image/webp', data: expect.objectContaining({ animated: true }) }) },
  'inbound-sticker.json': { counts: { messages: 1 }, check: media('sticker', { data: expect.objectContaining({ animated: false }) }) },
  'inbound-system-customer-identity-changed.json': { counts: { systemEvents: 1 }, check: (r) => expect(r.systemEvents[0]).toMatchObject({ type: 'customer_identity_changed', identities: [WA], newIdentities: [] }) },
  'inbound-system-user-changed-number-legacy.json': {
    counts: { systemEvents: 1 },
    check: (r) => expect(r.systemEvents[0]).toMatchObject({ type: 'user_changed_number', newIdentities: [{ kind: 'wa_id', value: 'NEW_PHONE_NUMBER_ID' }], at: at(1669233778) }),
  },
  'inbound-system-user-changed-number.json': {
    counts: { systemEvents: 1 },
    check: (r) => expect(r.systemEvents[0]).toEqual({ id: 'wamid.xyzxyz==', type: 'user_changed_number', body: 'User A changed from 972987654321 to 972912345678', identities: [WA], newIdentities: [{ kind: 'wa_id', value: '972912345678' }], at: at(1753851315) }),
  },
  'inbound-text-with-bsuid.json': {
    counts: { messages: 1 },
    check: (r) => {
      expect(r.messages[0]).toMatchObject({ phoneNumberId: '1122334455667', kind: 'text' });
      expect(msg(r)).toMatchObject({ providerMessageId: 'wamid.xyzxyz', text: 'Body Text', sentAt: at(1697043223), expectsReply: true, customer: { identities: [WA, BSUID], displayName: 'Test Name' } });
    },
  },
  'inbound-unknown-131051-legacy.json': { counts: { messages: 1 }, check: (r) => { unsupported(undefined)(r); expect(msg(r).metadata?.['providerErrors']).toEqual([{ code: '131051', title: 'Unsupported message type', details: 'Message type is not currently supported' }]); } },
  'inbound-unsupported-with-type.json': { counts: { messages: 1 }, check: unsupported('pool') },
  'inbound-unsupported.json': { counts: { messages: 1 }, check: unsupported(undefined) },
  'inbound-value-errors-131000.json': {
    counts: { messages: 1, errors: 1 },
    check: (r) => { unsupported('interactive')(r); expect(r.errors[0]).toEqual({ code: '131000', title: 'Something went wrong', details: 'Unsupported webhook payload' }); },
  },
  'inbound-video.json': { counts: { messages: 1 }, check: (r) => { media('video', { providerMediaId: '765756756', mimeType: 'video/mp4' })(r); expect(msg(r).text).toBe('caption'); } },
  'send-text-response.json': { counts: {} },
  'status-delivered-cbp-authentication.json': { counts: { statuses: 1 }, check: (r) => expect(r.statuses[0]!.pricing).toEqual({ billable: true, pricingModel: 'CBP', category: 'authentication' }) },
  'status-delivered.json': { counts: { statuses: 1 }, check: (r) => { status('delivered', 'delivered')(r); expect(r.statuses[0]!.recipient).toEqual([WA]); } },
  'status-error-object-131047.json': { counts: {} },
  'status-error-object-131053.json': { counts: {} },
  'status-failed-130472.json': { counts: { statuses: 1 }, check: status('failed', 'failed', '130472') },
  'status-failed-131053.json': { counts: { statuses: 1 }, check: (r) => { status('failed', 'failed', '131053')(r); expect(r.statuses[0]!.errors).toEqual([{ code: '131053', title: 'ERROR_TITLE' }]); } },
  'status-played.json': { counts: { statuses: 1 }, check: status('read', 'played') },
  'status-read-group.json': { counts: { statuses: 1 }, check: (r) => { status('read', 'read')(r); expect(r.statuses[0]!.recipient).toEqual([{ kind: 'wa_group_id', value: 'fowefinoewcnw' }]); } },
  'status-read.json': { counts: { statuses: 1 }, check: (r) => expect(r.statuses[0]!.update).toMatchObject({ providerMessageId: 'wamid.xyzxyz', status: 'read', at: at(1689380458) }) },
  'status-sent-biz-opaque-callback-data.json': { counts: { statuses: 1 }, check: (r) => expect(r.statuses[0]!.update.metadata).toMatchObject({ bizOpaqueCallbackData: 'some data' }) },
  'status-sent-cbp.json': { counts: { statuses: 1 }, check: status('sent', 'sent') },
  'template-status-update-approved.json': { counts: { other: 1 }, check: (r) => expect(r.other[0]).toMatchObject({ field: 'message_template_status_update', value: { event: 'APPROVED' } }) },
  'template-status-update-rejected.json': { counts: { other: 1 }, check: (r) => expect(r.other[0]).toMatchObject({ field: 'message_template_status_update', value: { event: 'REJECTED' } }) },
  'user-preferences-marketing-resume.json': { counts: { other: 1 }, check: (r) => expect(r.other[0]!.field).toBe('user_preferences') },
};

const files = fs.readdirSync(DIR).sort();

describe('parseNotification on the shared WhatsApp fixtures', () => {
  it(`finds the fixtures folder (${DIR})`, () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('has an expectation for every JSON fixture, so a new fixture cannot go unchecked', () => {
    expect(files.filter((f) => f.endsWith('.json')).filter((f) => !(f in EXPECTED))).toEqual([]);
  });

  it.each(files)('never throws on %s, even as raw text', (file) => {
    const raw = fs.readFileSync(path.join(DIR, file), 'utf8');
    expect(() => parseNotification(raw)).not.toThrow();
    if (file.endsWith('.json')) expect(() => parseNotification(JSON.parse(raw))).not.toThrow();
  });

  it.each(Object.keys(EXPECTED))('sorts %s into the right buckets', (file) => {
    const { counts, check } = EXPECTED[file]!;
    const result = parseNotification(JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')));
    const actual = Object.fromEntries(BUCKETS.map((b) => [b, result[b].length]));
    expect(actual).toEqual(Object.fromEntries(BUCKETS.map((b) => [b, counts[b] ?? 0])));
    check?.(result);
  });
});
