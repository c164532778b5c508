import { digitsOf, newWamid } from './graph-ids';
import type { EchoOptions, InboundTextOptions, StatusOptions } from './fake-graph.types';

export interface BusinessNumber {
  businessAccountId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
}

export type Pricing = { billable: boolean; pricing_model: 'PMP'; type: string; category: string };

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function envelope(biz: BusinessNumber, field: string, value: object): object {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: biz.businessAccountId,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: biz.displayPhoneNumber, phone_number_id: biz.phoneNumberId },
              ...value,
            },
            field,
          },
        ],
      },
    ],
  };
}

export function inboundTextEnvelope(biz: BusinessNumber, opts: InboundTextOptions): object {
  const from = digitsOf(opts.from);
  const contact: Record<string, unknown> = { profile: { name: opts.name ?? 'Test Customer' }, wa_id: from };
  const message: Record<string, unknown> = {
    from,
    id: opts.id ?? newWamid(from, 'inbound'),
    timestamp: String(opts.timestamp ?? nowSeconds()),
    text: { body: opts.text },
    type: 'text',
  };
  if (opts.userId !== undefined) {
    contact.user_id = opts.userId;
    message.from_user_id = opts.userId;
  }
  return envelope(biz, 'messages', { contacts: [contact], messages: [message] });
}

export function statusEnvelope(biz: BusinessNumber, opts: StatusOptions & { extra?: object }): object {
  // Sends addressed to a BSUID are reported with recipient_user_id instead of recipient_id (WHATSAPP.md §5, §11).
  const recipient = digitsOrId(opts.recipientId);
  const status: Record<string, unknown> = {
    id: opts.wamid,
    status: opts.status,
    timestamp: String(opts.timestamp ?? nowSeconds()),
    ...(/^\d+$/.test(recipient) ? { recipient_id: recipient } : { recipient_user_id: recipient }),
    ...opts.extra,
  };
  if (opts.pricing !== undefined) status.pricing = opts.pricing;
  if (opts.errors !== undefined) status.errors = opts.errors;
  return envelope(biz, 'messages', { statuses: [status] });
}

export function echoEnvelope(biz: BusinessNumber, opts: EchoOptions): object {
  const to = digitsOf(opts.to);
  const echo = {
    from: biz.displayPhoneNumber,
    to,
    id: opts.id ?? newWamid(to, 'outbound'),
    timestamp: String(opts.timestamp ?? nowSeconds()),
    type: 'text',
    text: { body: opts.text },
  };
  return envelope(biz, 'smb_message_echoes', { message_echoes: [echo] });
}

/**
 * PMP pricing as Meta reports it since July 2025: non-template messages are free service messages; a utility
 * template inside an open customer-service window is free too; every other template is charged by category.
 */
export function pmpPricing(templateCategory: string | undefined, windowOpen: boolean): Pricing {
  if (templateCategory === undefined) {
    return { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
  }
  const category = templateCategory.toLowerCase();
  if (category === 'utility' && windowOpen) {
    return { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category };
  }
  return { billable: true, pricing_model: 'PMP', type: 'regular', category };
}

/** Customers who wrote to the business, with their message time in unix seconds; feeds the 24 h window. */
export function inboundSenders(payload: unknown, phoneNumberId: string): Array<{ key: string; at: number }> {
  const found: Array<{ key: string; at: number }> = [];
  const entries = (payload as { entry?: unknown })?.entry;
  for (const entry of Array.isArray(entries) ? entries : []) {
    const changes = (entry as { changes?: unknown })?.changes;
    for (const change of Array.isArray(changes) ? changes : []) {
      const { field, value } = change as { field?: unknown; value?: any };
      if (field !== 'messages' || !Array.isArray(value?.messages)) continue;
      const target = value.metadata?.phone_number_id;
      if (target !== undefined && target !== phoneNumberId) continue;
      for (const msg of value.messages as any[]) {
        const at = Number(msg?.timestamp ?? nowSeconds());
        if (!Number.isFinite(at)) continue;
        // System messages (number changed, identity changed) are not customer replies and do not open the window.
        if (msg?.type === 'system') continue;
        for (const key of [msg?.from, msg?.from_user_id]) {
          if (typeof key === 'string') found.push({ key: digitsOrId(key), at });
        }
      }
    }
  }
  return found;
}

/** Phone numbers are keyed by their digits; BSUIDs ('US.123...') are kept as they are. */
export function digitsOrId(value: string): string {
  return /^\+?[\d\s()-]+$/.test(value) ? digitsOf(value) : value;
}
