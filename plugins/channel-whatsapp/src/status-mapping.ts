import type { ChannelCharge, DeliveryStatusUpdate, UnpricedChannelCharge } from '@confab/plugin-sdk';
import type { ParsedStatus } from './wire/webhook-parser';
import { isChargeable, marketOf, priceTemplateMessage, type WhatsAppPriceRow } from './wire/pricing';

/** A charged message the rate card cannot price, for the operator's warning (no customer identity in it). */
export interface UnpricedCharge {
  providerMessageId: string;
  /** The rate card's market for the recipient's number; null when the report gives no number or no row claims it. */
  market: string | null;
  category: string;
  reason: string;
}

/**
 * A status with a pricing block is Meta's word on what the message costs: "regular" is charged by category and
 * the recipient's market from our rate card, the free types cost nothing. A charged message the rate card cannot
 * price (no wa_id to find the market, no row for market and category) is reported as unpriced, never as free,
 * and `onUnpriced` hears of it so the operator can add the rate. 131047 means the window is closed.
 */
export function toStatusUpdate(status: ParsedStatus, rows: readonly WhatsAppPriceRow[], onUnpriced?: (charge: UnpricedCharge) => void): DeliveryStatusUpdate {
  const update: DeliveryStatusUpdate = { ...status.update };
  if (status.errors.some((e) => e.code === '131047') || status.update.error?.code === '131047') update.closesServiceWindow = true;
  if (status.pricing) {
    const { charge, market } = chargeFor(status, rows);
    update.charge = charge;
    if (charge && 'unpriced' in charge) onUnpriced?.({ providerMessageId: status.update.providerMessageId, market, category: charge.category, reason: charge.reason });
  }
  return update;
}

function chargeFor(status: ParsedStatus, rows: readonly WhatsAppPriceRow[]): { charge: ChannelCharge | UnpricedChannelCharge | null; market: string | null } {
  if (!isChargeable(status.pricing)) return { charge: null, market: null };
  const category = status.pricing?.category;
  const recipient = status.recipient.find((r) => r.kind === 'wa_id')?.value;
  const market = recipient ? marketOf(rows, recipient) : null;
  const unpriced = (reason: string) => ({ charge: { unpriced: true as const, category: category ?? 'unknown', reason }, market });
  if (!category) return unpriced('the report names no pricing category');
  if (!recipient) return unpriced('the report gives no phone number (wa_id) for the recipient, so its market is unknown');
  const priced = priceTemplateMessage(rows, { recipient, category, at: status.update.at });
  if (!priced) {
    const day = Number.isNaN(status.update.at.getTime()) ? 'that date' : status.update.at.toISOString().slice(0, 10);
    return unpriced(`no rate for market ${market ?? 'unknown'} or 'default', category ${category}, on ${day}`);
  }
  return { charge: { costMicros: priced.costMicros, currency: priced.currency, priceRef: priced.priceRef, category }, market: priced.market };
}
