import { UnlimitedRateLimits } from '@confab/plugin-sdk/testing';
import { Logger } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import type { ConnectionDirectory, ConversationInbox, DeliveryStatusUpdate } from '@confab/plugin-sdk';
import { signMetaBody } from '@confab/testing';
import { toStatusUpdate, type UnpricedCharge } from './status-mapping';
import { parseNotification, type ParsedStatus } from './wire/webhook-parser';
import type { WhatsAppPriceRow } from './wire/pricing';
import { WhatsAppWebhookController } from './whatsapp-webhook.controller';

const PHONE_NUMBER_ID = '100000000000001';
const CHARGED = (category: string) => ({ billable: true, pricing_model: 'PMP', type: 'regular', category });
const AT = 1767225600; // 2026-01-01T00:00:00Z

function payload(recipient: Record<string, string>, pricing?: object): object {
  const status = { id: 'wamid.T1', status: 'sent', timestamp: String(AT), ...recipient, ...(pricing ? { pricing } : {}) };
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: '200000000000002', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: PHONE_NUMBER_ID }, statuses: [status] } }] }],
  };
}

function statusOf(recipient: Record<string, string>, pricing?: object): ParsedStatus {
  const [status] = parseNotification(payload(recipient, pricing)).statuses;
  return status;
}

const row = (market: string, callingCodes: string[], category: WhatsAppPriceRow['category'], pricePerMessage: number): WhatsAppPriceRow => ({
  market, callingCodes, category, currency: 'USD', pricePerMessage, effectiveFrom: '2025-07-01',
});
/** An operator's rate card with Germany and France marketing only, and no 'default' market. */
const ROWS = [row('DE', ['49'], 'utility', 0.055), row('FR', ['33'], 'marketing', 0.08)];

describe('toStatusUpdate: what a status pricing block costs', () => {
  it('prices a charged message from the rate card and reports a free one as free', () => {
    expect(toStatusUpdate(statusOf({ recipient_id: '4915123456789' }, CHARGED('utility')), ROWS).charge).toEqual({
      costMicros: 55_000, currency: 'USD', priceRef: 'DE:utility:2025-07-01', category: 'utility',
    });
    const free = { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
    expect(toStatusUpdate(statusOf({ recipient_id: '4915123456789' }, free), ROWS).charge).toBeNull();
    expect(toStatusUpdate(statusOf({ recipient_id: '4915123456789' }), ROWS).charge).toBeUndefined();
  });

  it.each([
    ['no rate-card row for its market and category', { recipient_id: '33612345678' }, CHARGED('utility'), 'utility', 'FR', "no rate for market FR or 'default', category utility, on 2026-01-01"],
    ['a market no row claims', { recipient_id: '5511987654321' }, CHARGED('marketing'), 'marketing', null, "no rate for market unknown or 'default', category marketing, on 2026-01-01"],
    ['no wa_id (a BSUID recipient)', { recipient_user_id: 'US.1234567890' }, CHARGED('marketing'), 'marketing', null, 'the report gives no phone number (wa_id) for the recipient, so its market is unknown'],
    ['a CBP report without a category', { recipient_id: '4915123456789' }, { billable: true, pricing_model: 'CBP' }, 'unknown', 'DE', 'the report names no pricing category'],
  ])('reports a charged message with %s as unpriced, never as free', (_case, recipient, pricing, category, market, reason) => {
    const heard: UnpricedCharge[] = [];
    const update = toStatusUpdate(statusOf(recipient, pricing), ROWS, (u) => heard.push(u));
    expect(update.charge).toEqual({ unpriced: true, category, reason });
    expect(heard).toEqual([{ providerMessageId: 'wamid.T1', market, category, reason }]);
  });
});

describe('the webhook warns the operator about a charge it cannot price', () => {
  it('passes the unpriced charge on and logs the market and category, pointing at WHATSAPP_PRICES_FILE', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const connection = { id: 'c1', tenantId: 't1', type: 'whatsapp', config: { appSecret: 'app-secret', phoneNumberId: PHONE_NUMBER_ID } };
    const recorded: DeliveryStatusUpdate[] = [];
    const inbox = { recordDeliveryStatuses: async (_c: unknown, u: DeliveryStatusUpdate[]) => void recorded.push(...u) } as unknown as ConversationInbox;
    const directory = { load: async () => connection } as unknown as ConnectionDirectory;
    const controller = new WhatsAppWebhookController(directory, inbox, { priceRows: ROWS }, new UnlimitedRateLimits());
    const body = payload({ recipient_id: '33612345678' }, CHARGED('utility'));
    const raw = JSON.stringify(body);
    const req = { rawBody: Buffer.from(raw), body, header: () => signMetaBody(raw, 'app-secret') } as unknown as RawBodyRequest<Request>;
    try {
      await controller.receive('c1', req);
      expect(recorded.map((u) => u.charge)).toEqual([expect.objectContaining({ unpriced: true, category: 'utility' })]);
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({
        msg: expect.stringMatching(/market FR, category utility.*recorded as unpriced, not free.*WHATSAPP_PRICES_FILE/),
        connectionId: 'c1', tenantId: 't1', providerMessageId: 'wamid.T1', market: 'FR', category: 'utility',
      }));
      expect(JSON.stringify(warn.mock.calls)).not.toContain('33612345678');
    } finally {
      warn.mockRestore();
    }
  });
});
