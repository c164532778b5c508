import { isChargeable, priceTemplateMessage, WHATSAPP_PRICE_ROWS, type WhatsAppPriceRow } from './pricing';

const at = new Date('2026-03-15T12:00:00Z');

describe('priceTemplateMessage', () => {
  it('prices a US marketing template in integer micro-USD', () => {
    expect(priceTemplateMessage(WHATSAPP_PRICE_ROWS, { recipient: '+15550002222', category: 'marketing', at })).toEqual({
      costMicros: 25_000,
      currency: 'USD',
      priceRef: 'US:marketing:2025-07-01',
      market: 'US',
    });
  });

  it('accepts digits, +digits, 00-prefixed and formatted numbers alike', () => {
    for (const recipient of ['4915112345678', '+49 151 1234-5678', '004915112345678']) {
      expect(priceTemplateMessage(WHATSAPP_PRICE_ROWS, { recipient, category: 'utility', at })).toMatchObject({ market: 'DE', costMicros: 55_000 });
    }
  });

  it('normalises the category spellings found in webhooks and template APIs', () => {
    expect(priceTemplateMessage(WHATSAPP_PRICE_ROWS, { recipient: '447700900123', category: 'AUTHENTICATION', at })?.costMicros).toBe(35_800);
    expect(priceTemplateMessage(WHATSAPP_PRICE_ROWS, { recipient: '919876543210', category: 'authentication-international', at })?.costMicros).toBe(28_000);
    expect(priceTemplateMessage(WHATSAPP_PRICE_ROWS, { recipient: '5511987654321', category: 'marketing_lite', at })?.costMicros).toBe(62_500);
  });

  it('picks the newest row not after the send date', () => {
    const before = priceTemplateMessage(WHATSAPP_PRICE_ROWS, { recipient: '919876543210', category: 'marketing', at: new Date('2025-12-31T23:59:59Z') });
    const after = priceTemplateMessage(WHATSAPP_PRICE_ROWS, { recipient: '919876543210', category: 'marketing', at: new Date('2026-01-01T00:00:00Z') });
    expect([before?.costMicros, before?.priceRef]).toEqual([10_700, 'IN:marketing:2025-07-01']);
    expect([after?.costMicros, after?.priceRef]).toEqual([11_800, 'IN:marketing:2026-01-01']);
  });

  it('uses the longest calling-code prefix', () => {
    const rows: WhatsAppPriceRow[] = [
      { market: 'US', callingCodes: ['1'], category: 'marketing', currency: 'USD', pricePerMessage: 0.025, effectiveFrom: '2025-07-01' },
      { market: 'JM', callingCodes: ['1876'], category: 'marketing', currency: 'USD', pricePerMessage: 0.0741, effectiveFrom: '2025-07-01' },
    ];
    expect(priceTemplateMessage(rows, { recipient: '18765550100', category: 'marketing', at })).toMatchObject({ market: 'JM', costMicros: 74_100 });
    expect(priceTemplateMessage(rows, { recipient: '12125550100', category: 'marketing', at })).toMatchObject({ market: 'US', costMicros: 25_000 });
  });

  it("falls back to the 'default' market for unlisted countries and missing categories", () => {
    expect(priceTemplateMessage(WHATSAPP_PRICE_ROWS, { recipient: '972501234567', category: 'marketing', at })).toMatchObject({ market: 'default', costMicros: 60_400 });
    expect(priceTemplateMessage(WHATSAPP_PRICE_ROWS, { recipient: '15550002222', category: 'authentication_international', at })).toMatchObject({ market: 'default', costMicros: 28_000 });
  });

  it('returns integers even for rates that are not exact in binary floating point', () => {
    const rows: WhatsAppPriceRow[] = [{ market: 'default', callingCodes: [], category: 'utility', currency: 'USD', pricePerMessage: 0.0001 + 0.0002, effectiveFrom: '2025-07-01' }];
    expect(priceTemplateMessage(rows, { recipient: '33612345678', category: 'utility', at })?.costMicros).toBe(300);
  });

  it('answers null (unknown, not free) when no rate applies', () => {
    expect(priceTemplateMessage(WHATSAPP_PRICE_ROWS, { recipient: 'US.1234567890123456', category: 'marketing', at })).toBeNull();
    expect(priceTemplateMessage(WHATSAPP_PRICE_ROWS, { recipient: '15550002222', category: 'service', at })).toBeNull();
    expect(priceTemplateMessage(WHATSAPP_PRICE_ROWS, { recipient: '15550002222', category: 'marketing', at: new Date('2024-01-01T00:00:00Z') })).toBeNull();
    expect(priceTemplateMessage(WHATSAPP_PRICE_ROWS, { recipient: '15550002222', category: 'marketing', at: new Date('nope') })).toBeNull();
    expect(priceTemplateMessage([], { recipient: '15550002222', category: 'marketing', at })).toBeNull();
  });

  it('ships a default row for every category and only well-formed rows', () => {
    for (const category of ['marketing', 'utility', 'authentication', 'authentication_international']) {
      expect(WHATSAPP_PRICE_ROWS.some((r) => r.market === 'default' && r.category === category)).toBe(true);
    }
    for (const r of WHATSAPP_PRICE_ROWS) {
      expect(r.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.pricePerMessage).toBeGreaterThan(0);
      expect(r.callingCodes.every((c) => /^\d{1,4}$/.test(c))).toBe(true);
    }
  });
});

describe('isChargeable', () => {
  it('trusts the PMP type over the deprecated billable flag', () => {
    expect(isChargeable({ type: 'regular', billable: false })).toBe(true);
    expect(isChargeable({ type: 'free_customer_service', billable: true })).toBe(false);
    expect(isChargeable({ type: 'free_entry_point', billable: true })).toBe(false);
  });

  it('falls back to billable for CBP payloads and unknown types', () => {
    expect(isChargeable({ billable: true })).toBe(true);
    expect(isChargeable({ billable: false })).toBe(false);
    expect(isChargeable({ type: 'something_new', billable: true })).toBe(true);
    expect(isChargeable({})).toBe(false);
    expect(isChargeable(undefined)).toBe(false);
  });
});
