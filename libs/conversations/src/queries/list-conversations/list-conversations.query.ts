import { Query } from '@nestjs/cqrs';
import type { ConversationListView } from '../../http/conversation.views';

export interface ConversationFilter {
  channel?: string;
  assistantId?: string;
  /** Conversations started at or after / before these instants (UTC). */
  from?: Date;
  to?: Date;
  customer?: string;
  status?: 'open' | 'closed';
  owner?: 'ai' | 'human';
  failedDelivery?: boolean;
  tag?: string;
  /** Full-text search over message text (German and English, websearch syntax): conversations with a matching message. */
  q?: string;
  /** With (true) or without (false) a customer message that got no AI reply (the unanswered queue's rule). */
  unanswered?: boolean;
  /** Handed to a human at some point (true) or never (false). */
  handedOver?: boolean;
  /** Total cost at least this much, a decimal string in the API's currency (exact: turned into micro-units). */
  minCost?: string;
  /** A tool of this name was called in the conversation. */
  usedTool?: string;
  /** false leaves test chats (tagged `test`) out; by default they are listed like any other. */
  includeTest?: boolean;
  /**
   * Set by the server, not by callers: how long a customer message may wait before it counts as unanswered
   * (UNANSWERED_PENDING_MS, the unanswered queue's own threshold). Default 2 minutes.
   */
  unansweredAfterMs?: number;
}

export class ListConversations extends Query<ConversationListView> {
  constructor(
    readonly tenantId: string,
    readonly filter: ConversationFilter,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}
