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
