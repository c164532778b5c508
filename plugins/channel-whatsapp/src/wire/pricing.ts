export type TemplateCategory = 'marketing' | 'utility' | 'authentication' | 'authentication_international';

export interface WhatsAppPriceRow {
  /** ISO 3166 alpha-2 market, or 'default' for Meta's "Other" bucket. */
  market: string;
  /** Country calling codes (digits, no '+') that belong to the market; the longest prefix wins. */
  callingCodes: string[];
  category: TemplateCategory;
  currency: 'USD';
  /** USD per delivered template message. */
  pricePerMessage: number;
  /** First day (UTC) the rate applies; Meta only changes rates on the 1st of a quarter (§8). */
  effectiveFrom: string;
}

export interface TemplatePrice {
  /** Integer micro-units of `currency` (1 USD = 1,000,000), so sums never accumulate float error. */
  costMicros: number;
  currency: string;
  /** Which row was applied, e.g. 'IN:marketing:2026-01-01', kept with the cost for audit. */
  priceRef: string;
  market: string;
}

const row = (market: string, callingCodes: string[], category: TemplateCategory, pricePerMessage: number, effectiveFrom = '2025-07-01'): WhatsAppPriceRow => ({
  market,
  callingCodes,
  category,
  currency: 'USD',
  pricePerMessage,
  effectiveFrom,
});

/**
 * ILLUSTRATIVE DEFAULTS ONLY: plausible per-message USD rates in the shape of Meta's 2025-2026 rate card,
 * not copied from it. Operators must override them from Meta's current rate card (and volume tiers) before
 * any cost is shown to a customer. Meta prices the US and Canada as one "North America" market (code 1).
 */
export const WHATSAPP_PRICE_ROWS: readonly WhatsAppPriceRow[] = [
  row('US', ['1'], 'marketing', 0.025),
  row('US', ['1'], 'utility', 0.004),
  row('US', ['1'], 'authentication', 0.0135),
  row('DE', ['49'], 'marketing', 0.1365),
  row('DE', ['49'], 'utility', 0.055),
  row('DE', ['49'], 'authentication', 0.0768),
  row('GB', ['44'], 'marketing', 0.0529),
  row('GB', ['44'], 'utility', 0.022),
  row('GB', ['44'], 'authentication', 0.0358),
  row('IN', ['91'], 'marketing', 0.0107),
  row('IN', ['91'], 'marketing', 0.0118, '2026-01-01'),
  row('IN', ['91'], 'utility', 0.0014),
  row('IN', ['91'], 'authentication', 0.0014),
  row('IN', ['91'], 'authentication_international', 0.028),
  row('BR', ['55'], 'marketing', 0.0625),
  row('BR', ['55'], 'utility', 0.0068),
  row('BR', ['55'], 'authentication', 0.0315),
  row('MX', ['52'], 'marketing', 0.0305),
  row('MX', ['52'], 'utility', 0.0085),
  row('MX', ['52'], 'authentication', 0.0239),
  row('default', [], 'marketing', 0.0604),
  row('default', [], 'utility', 0.0077),
  row('default', [], 'authentication', 0.0280),
  row('default', [], 'authentication_international', 0.0280),
];

/**
 * Prices one template by recipient market, category and date. Returns null when no rate applies (a BSUID
 * recipient, a non-template category such as 'service', or no row on that date): unknown, not free.
 * Falls back to the 'default' market when the recipient's market has no row for the category/date.
 */
export function priceTemplateMessage(
  rows: readonly WhatsAppPriceRow[],
  query: { recipient: string; category: string; at: Date },
): TemplatePrice | null {
  const digits = digitsOf(query.recipient);
  const category = normaliseCategory(query.category);
  if (!digits || !category || Number.isNaN(query.at.getTime())) return null;
  const day = query.at.toISOString().slice(0, 10);
  const market = marketOf(rows, digits);
  const chosen = (market && newest(rows, market, category, day)) || newest(rows, 'default', category, day);
  if (!chosen) return null;
  return {
    costMicros: Math.round(chosen.pricePerMessage * 1e6),
    currency: chosen.currency,
    priceRef: `${chosen.market}:${chosen.category}:${chosen.effectiveFrom}`,
    market: chosen.market,
  };
}

function digitsOf(recipient: string): string | null {
  const digits = recipient.trim().replace(/^\+/, '').replace(/^00/, '').replace(/[\s().-]/g, '');
  return /^\d+$/.test(digits) ? digits : null;
}

/** The rate card's market for a phone number (longest calling-code prefix), or null when no row claims it. */
export function marketOf(rows: readonly WhatsAppPriceRow[], recipient: string): string | null {
  const digits = digitsOf(recipient);
  if (!digits) return null;
  let market: string | null = null;
  let longest = 0;
  for (const r of rows) {
    for (const cc of r.callingCodes) {
      if (cc.length > longest && digits.startsWith(cc)) {
        longest = cc.length;
        market = r.market;
      }
    }
  }
  return market;
}

function newest(rows: readonly WhatsAppPriceRow[], market: string, category: TemplateCategory, day: string): WhatsAppPriceRow | undefined {
  let best: WhatsAppPriceRow | undefined;
  for (const r of rows) {
    // ISO dates compare correctly as strings.
    if (r.market !== market || r.category !== category || r.effectiveFrom > day) continue;
    if (!best || r.effectiveFrom > best.effectiveFrom) best = r;
  }
  return best;
}

/** Webhooks and templates spell categories differently: 'AUTHENTICATION', 'authentication-international'... */
function normaliseCategory(raw: string): TemplateCategory | undefined {
  const c = raw.trim().toLowerCase().replace(/-/g, '_');
  // Marketing Messages API ("lite") sends are billed at the marketing rate.
  if (c === 'marketing' || c === 'marketing_lite') return 'marketing';
  if (c === 'utility' || c === 'authentication' || c === 'authentication_international') return c;
  return undefined;
}

/**
 * Whether Meta charged for a message, from a status webhook's pricing. Since PMP (2025-07-01) `type` is the
 * authority and `billable` is deprecated; older (CBP) payloads only have `billable`.
 */
export function isChargeable(pricing?: { type?: string; billable?: boolean }): boolean {
  if (!pricing) return false;
  if (pricing.type === 'regular') return true;
  if (pricing.type === 'free_customer_service' || pricing.type === 'free_entry_point') return false;
  return pricing.billable === true;
}
