import type { ChannelCharge, DeliveryStatusUpdate } from '@confab/plugin-sdk';
import type { ParsedStatus } from './wire/webhook-parser';
import { isChargeable, priceTemplateMessage, type WhatsAppPriceRow } from './wire/pricing';

/**
 * A status with a pricing block is Meta's word on what the message costs: "regular" is charged by category and
 * the recipient's market from our rate card, the free types cost nothing. 131047 means the window is closed.
 */
export function toStatusUpdate(status: ParsedStatus, rows: readonly WhatsAppPriceRow[]): DeliveryStatusUpdate {
  const update: DeliveryStatusUpdate = { ...status.update };
  if (status.errors.some((e) => e.code === '131047') || status.update.error?.code === '131047') update.closesServiceWindow = true;
  if (status.pricing) update.charge = chargeFor(status, rows);
  return update;
}

function chargeFor(status: ParsedStatus, rows: readonly WhatsAppPriceRow[]): ChannelCharge | null {
  if (!isChargeable(status.pricing) || !status.pricing?.category) return null;
  const recipient = status.recipient.find((r) => r.kind === 'wa_id')?.value;
  if (!recipient) return null;
  const priced = priceTemplateMessage(rows, { recipient, category: status.pricing.category, at: status.update.at });
  return priced ? { costMicros: priced.costMicros, currency: priced.currency, priceRef: priced.priceRef, category: status.pricing.category } : null;
}
