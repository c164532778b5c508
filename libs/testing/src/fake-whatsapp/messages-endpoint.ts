import { graphError, scriptedError, type GraphError } from './graph-errors';
import { newWamid } from './graph-ids';
import type { ResolvedGraphOptions } from './graph-options';
import { classifyMessagesBody } from './send-validation';
import type { FakeTemplate, GraphFailureSpec, ReadReceipt, SentMessage } from './fake-graph.types';

const WINDOW_SECONDS = 24 * 60 * 60;

export interface JsonReply {
  status: number;
  json: unknown;
  /** Extra response headers (a scripted Retry-After). */
  headers?: Record<string, string>;
}

/** What the status scheduler needs to report on an accepted send. */
export interface AcceptedSend {
  wamid: string;
  /** Digits of the number, or the BSUID for `recipient` sends. */
  recipientId: string;
  template?: FakeTemplate;
  windowOpen: boolean;
  /** Accepted with 200 but doomed: production reports 131047 only later, as a failed status. */
  asyncErrorCode?: number;
  bizOpaqueCallbackData?: string;
}

export const errorReply = (error: GraphError): JsonReply => ({ status: error.status, json: error.body });

/** Latest inbound message time per customer (unix seconds): the customer-service window of WHATSAPP.md §8. */
export class CustomerWindows {
  private readonly lastInbound = new Map<string, number>();

  note(customerKey: string, atSeconds: number): void {
    const previous = this.lastInbound.get(customerKey);
    if (previous === undefined || atSeconds > previous) this.lastInbound.set(customerKey, atSeconds);
  }

  isOpen(customerKey: string): boolean {
    const last = this.lastInbound.get(customerKey);
    return last !== undefined && Date.now() / 1000 - last < WINDOW_SECONDS;
  }

  clear(): void {
    this.lastInbound.clear();
  }
}

/** POST /{phone-number-id}/messages: sends, mark-read and typing, with scripted failures and the window rule. */
export class MessagesEndpoint {
  readonly sent: SentMessage[] = [];
  readonly reads: ReadReceipt[] = [];
  readonly failures: GraphFailureSpec[] = [];
  readonly windows = new CustomerWindows();

  constructor(
    private readonly opts: ResolvedGraphOptions,
    private readonly onAccepted: (send: AcceptedSend) => void,
  ) {}

  handle(body: any): JsonReply {
    const decision = classifyMessagesBody(body, this.opts.templates, this.opts.displayPhoneNumber);
    if (decision.kind === 'read') {
      const { messageId, typingIndicator } = decision;
      this.reads.push({ messageId, ...(typingIndicator === undefined ? {} : { typingIndicator }), at: Date.now() });
      return { status: 200, json: { success: true } };
    }
    // Scripted failures hit send attempts only: typing/read calls interleave with sends and must not eat them.
    const scripted = this.failures.shift();
    if (scripted) {
      const reply = errorReply(scriptedError(scripted));
      return scripted.retryAfter === undefined ? reply : { ...reply, headers: { 'retry-after': String(scripted.retryAfter) } };
    }
    if (decision.kind === 'error') return errorReply(decision.error);

    const windowOpen = this.windows.isOpen(decision.customerKey);
    const freeForm = decision.template === undefined;
    if (freeForm && !windowOpen && this.opts.strictWindow) return errorReply(graphError(131047));
    const asyncErrorCode = freeForm && !windowOpen ? 131047 : undefined;
    const wamid = newWamid(decision.customerKey, 'outbound');
    this.sent.push({
      wamid,
      to: decision.to,
      ...(decision.recipient === undefined ? {} : { recipient: decision.recipient }),
      type: decision.type,
      body,
      ...(asyncErrorCode === undefined ? {} : { asyncErrorCode }),
      at: Date.now(),
    });
    const opaque = body.biz_opaque_callback_data;
    this.onAccepted({
      wamid,
      recipientId: decision.customerKey,
      template: decision.template,
      windowOpen,
      asyncErrorCode,
      ...(typeof opaque === 'string' ? { bizOpaqueCallbackData: opaque } : {}),
    });
    // Sends by phone number answer with wa_id; sends by BSUID answer with user_id instead (WHATSAPP.md §6).
    const contact =
      decision.recipient !== undefined && typeof body.to !== 'string'
        ? { input: decision.recipient, user_id: decision.recipient }
        : { input: decision.to, wa_id: decision.customerKey };
    const message = decision.template ? { id: wamid, message_status: 'accepted' } : { id: wamid };
    return { status: 200, json: { messaging_product: 'whatsapp', contacts: [contact], messages: [message] } };
  }

  reset(): void {
    this.sent.length = 0;
    this.reads.length = 0;
    this.failures.length = 0;
    this.windows.clear();
  }
}
