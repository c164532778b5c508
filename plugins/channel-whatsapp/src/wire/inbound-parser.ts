import type { CustomerIdentity, InboundMessage, ProviderError } from '@confab/plugin-sdk';
import { mapMessageContent } from './message-content';
import type { ParsedNotification } from './parsed-notification';
import { asRecord, asRecords, compact, identities, parseTimestamp, str, text, type Json } from './wire-values';

interface ChangeContext {
  phoneNumberId: string;
  contacts: Json[];
  valueErrors: ProviderError[];
  fallbackTime: Date;
}

/** Sorts value.messages[] of a `messages` change into messages / reactions / edits / revokes / system events. */
export function parseInboundMessages(value: Json, phoneNumberId: string, fallbackTime: Date, valueErrors: ProviderError[], out: ParsedNotification): void {
  const ctx: ChangeContext = { phoneNumberId, contacts: asRecords(value['contacts']), valueErrors, fallbackTime };
  for (const msg of asRecords(value['messages'])) {
    if (!routeMessage(msg, ctx, out)) out.other.push({ field: 'messages', value: msg });
  }
}

/** Returns false when the message lacks what its bucket needs (id, target id), so the caller logs it instead. */
function routeMessage(msg: Json, ctx: ChangeContext, out: ParsedNotification): boolean {
  const id = text(msg['id']);
  if (!id) return false;
  const type = str(msg['type']) ?? 'unknown';
  const { at, missing } = parseTimestamp(msg['timestamp'], ctx.fallbackTime);
  const body = asRecord(msg[type]) ?? {};

  switch (type) {
    case 'reaction': {
      const target = text(body['message_id']);
      if (!target) return false;
      // Meta signals "reaction removed" with "" or by omitting the emoji.
      out.reactions.push({ reactionId: id, targetProviderMessageId: target, emoji: text(body['emoji']) ?? null, from: sender(msg, ctx).ids, at });
      return true;
    }
    case 'edit': {
      const original = text(body['original_message_id']);
      if (!original) return false;
      const content = mapMessageContent(asRecord(body['message']) ?? {});
      out.edits.push(compact({ providerMessageId: original, newText: content.text, attachments: content.attachments.length > 0 ? content.attachments : undefined, at, editId: id }));
      return true;
    }
    case 'revoke': {
      const original = text(body['original_message_id']);
      if (!original) return false;
      out.revokes.push({ providerMessageId: original, at, revokeId: id });
      return true;
    }
    case 'system':
      out.systemEvents.push(systemEvent(msg, body, id, at));
      return true;
    default: {
      const message = inbound(msg, type, id, at, missing, ctx);
      // Without a phone or BSUID the core cannot find or create the customer; log it instead of guessing.
      if (message.customer.identities.length === 0) return false;
      out.messages.push({ phoneNumberId: ctx.phoneNumberId, kind: type, message });
      return true;
    }
  }
}

function inbound(msg: Json, type: string, id: string, sentAt: Date, timestampMissing: boolean, ctx: ChangeContext): InboundMessage {
  const { ids, contact } = sender(msg, ctx);
  const welcome = type === 'request_welcome';
  const content = welcome ? { text: undefined, attachments: [], metadata: { requestWelcome: true }, unsupported: false } : mapMessageContent(msg, ctx.valueErrors);
  const context = asRecord(msg['context']) ?? {};
  const metadata = compact({
    ...content.metadata,
    forwarded: context['forwarded'] === true ? true : undefined,
    frequentlyForwarded: context['frequently_forwarded'] === true ? true : undefined,
    referredProduct: asRecord(context['referred_product']),
    referral: asRecord(msg['referral']),
    groupId: text(msg['group_id']),
    username: text(asRecord(contact?.['profile'])?.['username']),
    parentUserId: text(msg['from_parent_user_id']) ?? text(contact?.['parent_user_id']),
    timestampMissing: timestampMissing ? true : undefined,
  });
  const hasContent = content.text !== undefined || content.attachments.length > 0;
  return compact({
    providerMessageId: id,
    customer: compact({ identities: ids, displayName: text(asRecord(contact?.['profile'])?.['name']) }),
    text: content.text,
    attachments: content.attachments.length > 0 ? content.attachments : undefined,
    sentAt,
    replyToProviderMessageId: text(context['id']),
    // Unreadable content must not reach the LLM; a first-open of the chat is the one content-less greeting cue.
    expectsReply: welcome || (!content.unsupported && hasContent),
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
  });
}

/**
 * value.contacts[] is matched to the message by wa_id or BSUID. A lone contact is used only when it does not
 * contradict the message's own sender fields: linking a BSUID to the wrong phone would merge two customers.
 */
function sender(msg: Json, ctx: ChangeContext): { ids: CustomerIdentity[]; contact?: Json } {
  const from = text(msg['from']);
  const fromUserId = text(msg['from_user_id']);
  let contact = ctx.contacts.find((c) => (from && text(c['wa_id']) === from) || (fromUserId && text(c['user_id']) === fromUserId));
  if (!contact && ctx.contacts.length === 1) {
    const only = ctx.contacts[0]!;
    const clash = (v: string | undefined, own: string | undefined) => v !== undefined && own !== undefined && v !== own;
    if (!clash(text(only['wa_id']), from) && !clash(text(only['user_id']), fromUserId)) contact = only;
  }
  return { ids: identities(from ?? contact?.['wa_id'], fromUserId ?? contact?.['user_id']), contact };
}

function systemEvent(msg: Json, system: Json, id: string, at: Date): ParsedNotification['systemEvents'][number] {
  const before = identities(msg['from'], msg['from_user_id']);
  // Legacy payloads name the pre-change wa_id in system.customer.
  const legacyOld = text(system['customer']);
  if (legacyOld && !before.some((i) => i.kind === 'wa_id' && i.value === legacyOld)) before.push({ kind: 'wa_id', value: legacyOld });
  return compact({
    id,
    type: text(system['type']) ?? 'unknown',
    body: text(system['body']),
    identities: before,
    newIdentities: identities(system['wa_id'], system['user_id']),
    at,
  });
}
