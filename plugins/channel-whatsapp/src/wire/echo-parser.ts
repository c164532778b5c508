import { mapMessageContent } from './message-content';
import type { ParsedEcho } from './parsed-notification';
import { asRecord, asRecords, compact, identities, parseTimestamp, str, text, type Json } from './wire-values';

/**
 * smb_message_echoes: messages a human sent from the WhatsApp Business app (coexistence, §10).
 * Echoed edits, deletions and reactions stay in `echoes` (kind 'edit' / 'revoke' / 'reaction') rather than
 * joining the customer's edits/revokes/reactions: the author is the business, and mixing them would let a
 * human's own edit look like customer activity (and refresh the service window).
 */
export function parseEchoes(value: Json, phoneNumberId: string, fallbackTime: Date): { echoes: ParsedEcho[]; rejected: Json[] } {
  const echoes: ParsedEcho[] = [];
  const rejected: Json[] = [];
  for (const echo of asRecords(value['message_echoes'])) {
    const parsed = parseEcho(echo, phoneNumberId, fallbackTime);
    if (parsed) echoes.push(parsed);
    else rejected.push(echo);
  }
  return { echoes, rejected };
}

function parseEcho(echo: Json, phoneNumberId: string, fallbackTime: Date): ParsedEcho | undefined {
  const id = text(echo['id']);
  if (!id) return undefined;
  const kind = str(echo['type']) ?? 'unknown';
  const body = asRecord(echo[kind]) ?? {};
  const base = {
    phoneNumberId,
    providerMessageId: id,
    to: identities(echo['to'], echo['to_user_id']),
    at: parseTimestamp(echo['timestamp'], fallbackTime).at,
    kind,
  };

  if (kind === 'revoke') return { ...base, attachments: [], ...target(body['original_message_id']) };
  if (kind === 'reaction') {
    return { ...base, attachments: [], ...target(body['message_id']), emoji: text(body['emoji']) ?? null };
  }
  if (kind === 'edit') {
    const content = mapMessageContent(asRecord(body['message']) ?? {});
    return compact({ ...base, text: content.text, attachments: content.attachments, ...target(body['original_message_id']) });
  }
  if (kind === 'interactive') {
    // Outgoing interactive messages (buttons, lists) carry the readable part in body.text, unlike replies.
    const shown = text(asRecord(body['body'])?.['text']);
    if (shown) return { ...base, text: shown, attachments: [] };
  }
  const content = mapMessageContent(echo);
  return compact({ ...base, text: content.text, attachments: content.attachments });
}

function target(id: unknown): { targetProviderMessageId?: string } {
  const t = text(id);
  return t ? { targetProviderMessageId: t } : {};
}
