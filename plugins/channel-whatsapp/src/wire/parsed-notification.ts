import type { Attachment, CustomerIdentity, DeliveryStatusUpdate, InboundMessage, ProviderError } from '@confab/plugin-sdk';

/** One webhook POST, sorted into what the channel acts on. Every bucket is always present (possibly empty). */
export interface ParsedNotification {
  /** metadata.phone_number_id of every change, de-duplicated, in order: used to find the connection. */
  phoneNumberIds: string[];
  messages: ParsedInbound[];
  statuses: ParsedStatus[];
  /** Coexistence: what a human sent from the WhatsApp Business app. All echo types land here, edits too. */
  echoes: ParsedEcho[];
  /** Customer edits; providerMessageId is the ORIGINAL message's wamid, editId the edit event's own wamid. */
  edits: Array<{ providerMessageId: string; newText?: string; attachments?: Attachment[]; at: Date; editId: string }>;
  /** Customer "delete for everyone"; providerMessageId is the deleted message's wamid. */
  revokes: Array<{ providerMessageId: string; at: Date; revokeId: string }>;
  reactions: Array<{ reactionId: string; targetProviderMessageId: string; emoji: string | null; from: CustomerIdentity[]; at: Date }>;
  systemEvents: Array<{ id: string; type: string; body?: string; identities: CustomerIdentity[]; newIdentities: CustomerIdentity[]; at: Date }>;
  /** value.errors[]: webhook-level problems not tied to one message. */
  errors: ProviderError[];
  /** Subscriptions we only log (template status, user_preferences, account updates...) and unknown statuses. */
  other: Array<{ field: string; value: unknown }>;
}

export interface ParsedInbound {
  phoneNumberId: string;
  message: InboundMessage;
  /** The wire `type` ('text', 'image', 'interactive', 'unsupported'...). */
  kind: string;
}

export interface ParsedStatus {
  phoneNumberId: string;
  update: DeliveryStatusUpdate;
  recipient: CustomerIdentity[];
  pricing?: { billable?: boolean; pricingModel?: string; type?: string; category?: string };
  errors: ProviderError[];
  raw: unknown;
}

export interface ParsedEcho {
  phoneNumberId: string;
  providerMessageId: string;
  to: CustomerIdentity[];
  text?: string;
  attachments: Attachment[];
  at: Date;
  /** The wire `type` of the echo: 'text', 'image', 'reaction', 'edit', 'revoke'... */
  kind: string;
  /** For kind 'edit' / 'revoke' / 'reaction': the wamid the human edited, deleted or reacted to. */
  targetProviderMessageId?: string;
  /** For kind 'reaction': the emoji, null when the reaction was removed. */
  emoji?: string | null;
}

export function emptyNotification(): ParsedNotification {
  return { phoneNumberIds: [], messages: [], statuses: [], echoes: [], edits: [], revokes: [], reactions: [], systemEvents: [], errors: [], other: [] };
}
