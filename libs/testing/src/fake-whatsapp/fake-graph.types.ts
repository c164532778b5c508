export interface FakeTemplate {
  name: string;
  language: string;
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  /** APPROVED, PENDING, REJECTED, PAUSED, DISABLED, ... as Graph spells it. */
  status: string;
  components: unknown[];
  /** Assigned by the fake when missing, so listings always carry an id like Graph's. */
  id?: string;
}

export interface FakeGraphOptions {
  /** Bearer token accepted (default 'test-access-token'); any other token gets error 190 (HTTP 401). */
  accessToken?: string;
  /** Default '100000000000001'. */
  phoneNumberId?: string;
  /** WABA id, default '200000000000002'. */
  businessAccountId?: string;
  /** Digits without '+', default '15550001111'. */
  displayPhoneNumber?: string;
  /** Signs webhooks, default 'test-app-secret'. */
  appSecret?: string;
  /** Default: one approved UTILITY template 'order_update' (en_US) with two body parameters. */
  templates?: FakeTemplate[];
  /** Free-form outside the 24 h window: false (default) = 200 then a failed 131047 status; true = sync 400 131047. */
  strictWindow?: boolean;
  /** Default true: after a successful send, post sent -> delivered -> read to the webhook target. */
  autoStatuses?: boolean;
  /** Default 20, the pause before each auto status. */
  statusDelayMs?: number;
  /** Post a send's statuses (awaited) before answering the send: a status overtaking the sender's commit. */
  statusesBeforeAnswer?: boolean;
}

export interface RecordedGraphRequest {
  method: string;
  /** Path without the query, e.g. '/v25.0/100000000000001/messages'. */
  path: string;
  /** The raw request target as received, query included. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or null when there was no body or it was not JSON. */
  body: any;
  rawBody: string;
  at: number;
}

export interface SentMessage {
  wamid: string;
  /** The `to` value as sent; the BSUID when the send used `recipient` only. */
  to: string;
  recipient?: string;
  type: string;
  body: any;
  /** Set when the send was accepted but is doomed to fail asynchronously (131047 outside the window). */
  asyncErrorCode?: number;
  at: number;
}

export interface ReadReceipt {
  messageId: string;
  /** Present when the request also asked for a typing bubble. */
  typingIndicator?: unknown;
  at: number;
}

export interface WebhookDelivery {
  url: string;
  rawBody: string;
  status?: number;
  /** Set when the POST itself failed (connection refused, timeout, fake closed). */
  error?: string;
  at: number;
}

export interface DeliverOptions {
  url?: string;
  appSecret?: string;
  /** null = send no signature header; a string = use it verbatim as the header value. */
  signature?: string | null;
}

export interface InboundTextOptions {
  from: string;
  text: string;
  name?: string;
  id?: string;
  /** Unix seconds. */
  timestamp?: number;
  /** BSUID, e.g. 'US.1234567890123456'. */
  userId?: string;
}

export interface StatusOptions {
  wamid: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  recipientId: string;
  timestamp?: number;
  errors?: object[];
  pricing?: object;
}

export interface EchoOptions {
  to: string;
  text: string;
  id?: string;
  timestamp?: number;
}

export interface GraphFailureSpec {
  code: number;
  httpStatus?: number;
  details?: string;
  title?: string;
  /** Sent as the Retry-After header (seconds, or an HTTP date), as a proxy or gateway in front of Graph may. */
  retryAfter?: number | string;
}

export interface FakeGraph {
  /** Base like http://127.0.0.1:PORT; the platform appends '/{version}/...'. */
  url: string;
  /** Every request, in arrival order; cleared in place by reset(). */
  requests: RecordedGraphRequest[];
  sent(): SentMessage[];
  readReceipts(): ReadReceipt[];
  /** Every webhook POST the fake made (auto statuses and deliver* calls), in order. */
  deliveries: WebhookDelivery[];
  setWebhookTarget(url: string): void;
  deliverWebhook(payload: object, opts?: DeliverOptions): Promise<{ status: number; body: string }>;
  inboundText(opts: InboundTextOptions): object;
  statusNotification(opts: StatusOptions): object;
  echo(opts: EchoOptions): object;
  failNext(...failures: GraphFailureSpec[]): void;
  setLatency(ms: number): void;
  addMedia(id: string, bytes: Buffer, mimeType: string): void;
  reset(): void;
  close(): Promise<void>;
}
