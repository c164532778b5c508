import { parseEchoes } from './echo-parser';
import { parseInboundMessages } from './inbound-parser';
import { emptyNotification, type ParsedNotification } from './parsed-notification';
import { parseStatus } from './status-parser';
import { asRecord, asRecords, text, toProviderErrors, type Json } from './wire-values';

export type { ParsedEcho, ParsedInbound, ParsedNotification, ParsedStatus } from './parsed-notification';

export interface ParseOptions {
  /**
   * Used only when a message or status has no usable timestamp. Defaults to the epoch so that a missing
   * timestamp never silently extends the 24 h service window; the controller may pass the receive time.
   * Such items are flagged with metadata.timestampMissing.
   */
  fallbackTime?: Date;
}

/**
 * Sorts one webhook notification into buckets. Never throws: non-objects, error bodies and unknown fields
 * give an empty or `other`-only result, because the webhook must answer 200 whatever Meta sends.
 */
export function parseNotification(payload: unknown, options: ParseOptions = {}): ParsedNotification {
  const out = emptyNotification();
  const fallbackTime = options.fallbackTime ?? new Date(0);
  const root = asRecord(payload);
  if (!root) return out;
  for (const entry of asRecords(root['entry'])) {
    for (const change of asRecords(entry['changes'])) {
      try {
        parseChange(change, fallbackTime, out);
      } catch {
        // Belt and braces: the readers are total, but one odd change must not lose its siblings.
        out.other.push({ field: 'unparsed', value: change });
      }
    }
  }
  return out;
}

function parseChange(change: Json, fallbackTime: Date, out: ParsedNotification): void {
  const value = asRecord(change['value']) ?? {};
  const field = text(change['field']) ?? guessField(value);
  const phoneNumberId = text(asRecord(value['metadata'])?.['phone_number_id']);
  if (phoneNumberId && !out.phoneNumberIds.includes(phoneNumberId)) out.phoneNumberIds.push(phoneNumberId);
  const pnid = phoneNumberId ?? '';

  if (field === 'messages') {
    const valueErrors = toProviderErrors(value['errors']);
    out.errors.push(...valueErrors);
    parseInboundMessages(value, pnid, fallbackTime, valueErrors, out);
    for (const raw of asRecords(value['statuses'])) {
      const status = parseStatus(raw, pnid, fallbackTime);
      if (status) out.statuses.push(status);
      else out.other.push({ field: 'messages.statuses', value: raw });
    }
    return;
  }
  if (field === 'smb_message_echoes') {
    const { echoes, rejected } = parseEchoes(value, pnid, fallbackTime);
    out.echoes.push(...echoes);
    for (const raw of rejected) out.other.push({ field, value: raw });
    return;
  }
  out.other.push({ field, value: change['value'] });
}

/** Some hand-written test payloads drop `field`; infer it from the value's shape rather than dropping the change. */
function guessField(value: Json): string {
  if (Array.isArray(value['message_echoes'])) return 'smb_message_echoes';
  if (Array.isArray(value['messages']) || Array.isArray(value['statuses'])) return 'messages';
  return 'unknown';
}
