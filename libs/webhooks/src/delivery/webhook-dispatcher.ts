import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Queue } from 'bull';
import { Db } from '@confab/persistence';
import { Conflict, NotFound } from '@confab/plugin-sdk';
import { WebhookDelivery, WebhookEndpoint, type WebhookEventType } from '../entities/webhook.entities';
import { WEBHOOK_QUEUE, WEBHOOKS_OPTIONS, type WebhooksOptions } from '../webhooks.options';

export interface DeliveryJob {
  tenantId: string;
  deliveryId: string;
  /** Attempts the delivery had before this job (a re-send), so its attempts number on from the earlier ones. */
  attemptsBefore?: number;
}

/**
 * Fans one domain event out to every active endpoint subscribed to its type: one delivery row each (unique per
 * endpoint and source event, so a replayed event adds nothing) and one Bull job that retries with backoff. A
 * slow or failing endpoint never blocks a conversation: this runs after the conversation's commit, in jobs.
 */
@Injectable()
export class WebhookDispatcher {
  private readonly logger = new Logger('WebhookDispatcher');

  constructor(
    private readonly db: Db,
    @InjectQueue(WEBHOOK_QUEUE) private readonly queue: Queue<DeliveryJob>,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: WebhooksOptions,
  ) {}

  async dispatch(tenantId: string, type: WebhookEventType, sourceEventId: number, data: Record<string, unknown>, occurredAt = new Date()): Promise<number> {
    const endpoints = await this.db.forTenant(tenantId).find(WebhookEndpoint, { status: 'active', events: { $contains: [type] } });
    let created = 0;
    for (const endpoint of endpoints) {
      const delivery = Object.assign(new WebhookDelivery(), {
        tenantId, endpointId: endpoint.id, eventType: type, sourceEventId, payload: { type, timestamp: occurredAt.toISOString(), data },
      });
      let deliveryId = delivery.id;
      try {
        await this.db.transaction(tenantId, async (em) => {
          em.persist(delivery);
        });
      } catch (err) {
        if (!(err instanceof UniqueConstraintViolationException)) throw err;
        // A replayed event: its delivery exists. If it was never attempted, its job may have been lost with the
        // failure that made the event replay, so queue it again (same job id: a job that exists is not doubled).
        const existing = await this.db.forTenant(tenantId).findOne(WebhookDelivery, { endpointId: endpoint.id, eventType: type, sourceEventId });
        if (!existing || existing.status !== 'pending' || existing.attempts > 0) continue;
        deliveryId = existing.id;
      }
      await this.queue.add(
        { tenantId, deliveryId },
        { jobId: `webhook:${deliveryId}`, attempts: this.options.attempts, backoff: { type: 'exponential', delay: this.options.backoffMs }, removeOnComplete: true, removeOnFail: 1000 },
      );
      created += 1;
    }
    if (created) this.logger.log({ msg: 'Webhook deliveries queued', type, tenantId, count: created });
    return created;
  }

  /**
   * Sends a finished delivery again (an operator's re-send after the receiver was fixed): the same payload and
   * webhook-id, so a receiver that did process it can tell, with a fresh round of retries whose attempts are logged
   * after the earlier ones. One still being retried is refused rather than sent twice at once.
   */
  async resend(tenantId: string, endpointId: string, deliveryId: string): Promise<WebhookDelivery> {
    const { delivery, attemptsBefore } = await this.db.transaction(tenantId, async (em) => {
      const endpoint = await em.findOne(WebhookEndpoint, { id: endpointId });
      if (!endpoint) throw new NotFound('webhook endpoint', endpointId);
      const row = await em.findOne(WebhookDelivery, { id: deliveryId, endpointId });
      if (!row) throw new NotFound('webhook delivery', deliveryId);
      if (endpoint.status !== 'active') throw new Conflict('ENDPOINT_DISABLED', 'The endpoint is disabled; a re-send would not be delivered');
      if (row.status === 'pending') throw new Conflict('DELIVERY_PENDING', 'The delivery is still being attempted; wait for it to succeed or fail');
      const before = row.attempts;
      Object.assign(row, { status: 'pending', nextAttemptAt: new Date() });
      return { delivery: row, attemptsBefore: before };
    });
    await this.queue.add(
      { tenantId, deliveryId, attemptsBefore },
      { jobId: `webhook:${deliveryId}:resend:${attemptsBefore}`, attempts: this.options.attempts, backoff: { type: 'exponential', delay: this.options.backoffMs }, removeOnComplete: true, removeOnFail: 1000 },
    );
    this.logger.log({ msg: 'Webhook delivery re-sent', tenantId, deliveryId });
    return delivery;
  }
}
