import type { CustomerIdentity, DeliveryStatusUpdate } from '@confab/plugin-sdk';
import type { ParsedStatus } from './parsed-notification';
import { asRecord, compact, identities, parseTimestamp, str, text, toProviderErrors, type Json } from './wire-values';

const STATUS_MAP: Record<string, DeliveryStatusUpdate['status']> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  // A played voice note has necessarily been seen; the SDK has no finer state.
  played: 'read',
  failed: 'failed',
};

/** Returns undefined for statuses the SDK can't express (e.g. On-Premises 'deleted'); the caller logs them. */
export function parseStatus(raw: Json, phoneNumberId: string, fallbackTime: Date): ParsedStatus | undefined {
  const rawStatus = str(raw['status']) ?? '';
  const status = STATUS_MAP[rawStatus.toLowerCase()];
  const id = text(raw['id']);
  if (!status || !id) return undefined;

  const errors = toProviderErrors(raw['errors']);
  const pricing = parsePricing(raw['pricing']);
  const { at, missing } = parseTimestamp(raw['timestamp'], fallbackTime);
  const group = str(raw['recipient_type']) === 'group';
  const metadata = compact({
    rawStatus,
    pricing,
    bizOpaqueCallbackData: str(raw['biz_opaque_callback_data']),
    // Kept only for audit: one per message since PMP and gone from v24 (§5), so nothing may key on it.
    conversation: asRecord(raw['conversation']),
    // Both spellings exist in the wild (§13.6).
    recipientParentUserId: text(raw['recipient_parent_user_id']) ?? text(raw['parent_recipient_user_id']),
    group: group
      ? compact({
          participantWaId: text(raw['recipient_participant_id']),
          participantUserId: text(raw['recipient_participant_user_id']),
        })
      : undefined,
    timestampMissing: missing ? true : undefined,
  });

  const update: DeliveryStatusUpdate = { providerMessageId: id, status, at, metadata };
  if (errors[0]) update.error = errors[0];

  // A group send reports the group id in recipient_id: it is not a customer's phone, so it gets its own kind.
  const groupId = text(raw['recipient_id']);
  const recipient: CustomerIdentity[] = group
    ? groupId ? [{ kind: 'wa_group_id', value: groupId }] : []
    : identities(raw['recipient_id'], raw['recipient_user_id']);

  return compact({ phoneNumberId, update, recipient, pricing, errors, raw });
}

function parsePricing(raw: unknown): ParsedStatus['pricing'] {
  const p = asRecord(raw);
  if (!p) return undefined;
  return compact({
    billable: typeof p['billable'] === 'boolean' ? p['billable'] : undefined,
    pricingModel: text(p['pricing_model']),
    type: text(p['type']),
    category: text(p['category']),
  });
}
