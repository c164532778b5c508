import type { Attachment, ProviderError } from '@confab/plugin-sdk';
import { asRecord, asRecords, compact, num, str, text, toProviderErrors, type Json } from './wire-values';

/** What one WhatsApp message object (inbound, edited or echoed) carries, independent of who sent it. */
export interface MessageContent {
  text?: string;
  attachments: Attachment[];
  metadata: Json;
  /** Unreadable for us (unsupported/unknown type, message-level errors, missing payload object). */
  unsupported: boolean;
}

const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;
type MediaType = (typeof MEDIA_TYPES)[number];

/**
 * Maps a message object by its wire `type`. `contextErrors` are webhook-level errors of the same change:
 * Meta sends e.g. a bare `type: "interactive"` plus value.errors 131000, and the message should carry them.
 */
export function mapMessageContent(msg: Json, contextErrors: ProviderError[] = []): MessageContent {
  const type = str(msg['type']) ?? 'unknown';
  const ownErrors = toProviderErrors(msg['errors']);
  if (ownErrors.length > 0 || type === 'unsupported' || type === 'unknown') {
    return unsupported(type, msg, ownErrors.length > 0 ? ownErrors : contextErrors);
  }
  // Shared contact cards are the one payload that is an array, not an object named like the type.
  if (type === 'contacts' && Array.isArray(msg['contacts'])) return contacts(msg['contacts']);
  const body = asRecord(msg[type]);
  if (!body) return unsupported(type, msg, contextErrors);

  if (type === 'text') return plain(text(body['body']));
  if ((MEDIA_TYPES as readonly string[]).includes(type)) return media(type as MediaType, body);
  if (type === 'location') return location(body);
  if (type === 'interactive') return interactive(body);
  if (type === 'button') return { text: text(body['text']), attachments: [], metadata: compact({ buttonPayload: str(body['payload']) }), unsupported: false };
  if (type === 'order') return order(body);
  // A type invented after this code was written: keep the raw object so nothing is lost, but don't guess.
  return unsupported(type, msg, contextErrors);
}

function plain(t: string | undefined): MessageContent {
  return { text: t, attachments: [], metadata: {}, unsupported: false };
}

function unsupported(type: string, msg: Json, errors: ProviderError[]): MessageContent {
  const declared = text(asRecord(msg['unsupported'])?.['type']);
  const unsupportedType = declared ?? (type === 'unsupported' || type === 'unknown' ? undefined : type);
  const attachment: Attachment = { type: 'unsupported', data: compact({ errors, unsupportedType }) };
  return { text: undefined, attachments: [attachment], metadata: { providerErrors: errors }, unsupported: true };
}

function media(type: MediaType, body: Json): MessageContent {
  const caption = text(body['caption']);
  const data = compact({
    sha256: str(body['sha256']),
    voice: typeof body['voice'] === 'boolean' ? body['voice'] : undefined,
    animated: typeof body['animated'] === 'boolean' ? body['animated'] : undefined,
  });
  const attachment = compact({
    type,
    providerMediaId: str(body['id']),
    mimeType: text(body['mime_type']),
    caption,
    filename: text(body['filename']),
    url: text(body['url']),
    data,
  }) as Attachment;
  return { text: caption, attachments: [attachment], metadata: {}, unsupported: false };
}

function location(body: Json): MessageContent {
  const latitude = num(body['latitude']);
  const longitude = num(body['longitude']);
  const name = text(body['name']);
  const address = text(body['address']);
  const data = compact({ latitude, longitude, name, address, url: text(body['url']) });
  const label = [name, address].filter(Boolean).join(', ');
  const coords = latitude !== undefined && longitude !== undefined ? `(${latitude}, ${longitude})` : '';
  const summary = ['Location:', label, coords].filter(Boolean).join(' ');
  return { text: summary, attachments: [{ type: 'location', data }], metadata: {}, unsupported: false };
}

function contacts(raw: unknown): MessageContent {
  const cards = asRecords(raw);
  const names = cards.map((c) => {
    const name = text(asRecord(c['name'])?.['formatted_name']) ?? text(asRecord(c['name'])?.['first_name']) ?? 'Unnamed';
    const phone = text(asRecords(c['phones'])[0]?.['phone']);
    return phone ? `${name} (${phone})` : name;
  });
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? `, +${names.length - 5} more` : '');
  const summary = cards.length === 1 ? `Shared a contact: ${shown}` : `Shared ${cards.length} contacts: ${shown}`;
  return { text: summary, attachments: [{ type: 'contacts', data: { contacts: cards } }], metadata: {}, unsupported: false };
}

function interactive(body: Json): MessageContent {
  const sub = str(body['type']) ?? 'unknown';
  const reply = asRecord(body[sub]) ?? {};
  if (sub === 'button_reply' || sub === 'list_reply') {
    const title = text(reply['title']);
    const description = text(reply['description']);
    const meta = compact({ type: sub, id: str(reply['id']), title, description });
    const t = title && description ? `${title} - ${description}` : (title ?? description);
    return { text: t, attachments: [], metadata: { interactive: meta }, unsupported: false };
  }
  if (sub === 'nfm_reply') {
    const name = text(reply['name']);
    const response = parseJson(reply['response_json']);
    const meta = compact({ type: sub, name, body: text(reply['body']), response });
    return { text: text(reply['body']) ?? `Submitted form${name ? ` "${name}"` : ''}`, attachments: [], metadata: { interactive: meta }, unsupported: false };
  }
  // call_permission_reply and future sub-types: recorded for the operator, nothing for the assistant to read.
  return { text: undefined, attachments: [], metadata: { interactive: { ...reply, type: sub } }, unsupported: false };
}

function parseJson(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function order(body: Json): MessageContent {
  const items = asRecords(body['product_items']);
  const lines = items.map((i) => {
    const qty = num(i['quantity']) ?? 1;
    const price = num(i['item_price']);
    const currency = text(i['currency']) ?? '';
    return `${qty} x ${text(i['product_retailer_id']) ?? '?'}${price !== undefined ? ` @ ${price} ${currency}`.trimEnd() : ''}`;
  });
  const currencies = new Set(items.map((i) => text(i['currency'])));
  const priced = items.every((i) => num(i['item_price']) !== undefined);
  // Cents-rounded so a 0.1 + 0.2 style float never reaches the transcript.
  const total = Math.round(items.reduce((sum, i) => sum + (num(i['quantity']) ?? 1) * (num(i['item_price']) ?? 0), 0) * 100) / 100;
  const currency = [...currencies][0];
  const totalText = items.length > 0 && priced && currencies.size === 1 ? ` (total ${total}${currency ? ` ${currency}` : ''})` : '';
  const note = text(body['text']);
  const summary = `Order: ${lines.join(', ') || 'no items'}${totalText}${note ? `\n${note}` : ''}`;
  return { text: summary, attachments: [], metadata: { order: body }, unsupported: false };
}
