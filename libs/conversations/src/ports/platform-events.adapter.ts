import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { appendEvents, Db } from '@confab/persistence';
import { PlatformEvents } from '@confab/plugin-sdk';
import { PluginEventEmitted } from '../events/conversation.events';

@Injectable()
export class PlatformEventsAdapter extends PlatformEvents {
  constructor(private readonly db: Db) {
    super();
  }

  async emit(tenantId: string, type: string, data: Record<string, unknown>, conversationId?: string | null): Promise<void> {
    // The log's aggregate id is a uuid: events without a conversation get one of their own.
    await this.db.transaction(tenantId, async (em) => appendEvents(em, new PluginEventEmitted(tenantId, conversationId ?? randomUUID(), type, data)));
  }
}
