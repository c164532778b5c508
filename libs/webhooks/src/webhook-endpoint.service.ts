import { Inject, Injectable } from '@nestjs/common';
import { outboundUrlProblem } from '@confab/net';
import { Db, SecretBox } from '@confab/persistence';
import { newStandardWebhookSecret, NotFound, ValidationFailed } from '@confab/plugin-sdk';
import { WEBHOOKS_OPTIONS, type WebhooksOptions } from './webhooks.options';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint, type WebhookEventType } from './entities/webhook.entities';
import type { CreatedWebhookView, WebhookDeliveryView, WebhookView } from './http/webhooks.dto';

export function webhookView(e: WebhookEndpoint): WebhookView {
  return { id: e.id, url: e.url, events: e.events, description: e.description ?? null, status: e.status, createdAt: e.createdAt };
}

function deliveryView(d: WebhookDelivery, attempts: WebhookAttempt[]): WebhookDeliveryView {
  return {
    id: d.id, eventType: d.eventType, status: d.status, attempts: d.attempts, nextAttemptAt: d.nextAttemptAt ?? null, payload: d.payload,
    createdAt: d.createdAt, deliveredAt: d.deliveredAt ?? null,
    log: attempts.map((a) => ({ attempt: a.attempt, statusCode: a.statusCode ?? null, error: a.error ?? null, durationMs: a.durationMs, at: a.at })),
  };
}

@Injectable()
export class WebhookEndpointService {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: WebhooksOptions,
  ) {}

  async create(tenantId: string, input: { url: string; events: WebhookEventType[]; description?: string }): Promise<CreatedWebhookView> {
    const problem = outboundUrlProblem(input.url, { allowedHosts: this.options.allowedHosts, allowSetting: 'OUTBOUND_ALLOWED_HOSTS' });
    if (problem) throw new ValidationFailed(`url ${problem}`, 'url');
    const secret = newStandardWebhookSecret();
    const endpoint = await this.db.transaction(tenantId, async (em) => {
      const row = Object.assign(new WebhookEndpoint(), { tenantId, url: input.url, events: [...new Set(input.events)], description: input.description ?? null, sealedSecret: this.secrets.seal(secret) });
      em.persist(row);
      return row;
    });
    return { ...webhookView(endpoint), secret };
  }

  async list(tenantId: string): Promise<WebhookView[]> {
    return (await this.db.forTenant(tenantId).find(WebhookEndpoint, {}, { orderBy: { createdAt: 'asc' } })).map(webhookView);
  }

  async disable(tenantId: string, id: string): Promise<void> {
    await this.db.transaction(tenantId, async (em) => {
      const row = await em.findOne(WebhookEndpoint, { id });
      if (!row) throw new NotFound('webhook endpoint', id);
      row.status = 'disabled';
    });
  }

  async deliveries(tenantId: string, endpointId: string, limit = 50): Promise<WebhookDeliveryView[]> {
    const em = this.db.forTenant(tenantId);
    if (!(await em.findOne(WebhookEndpoint, { id: endpointId }))) throw new NotFound('webhook endpoint', endpointId);
    const rows = await em.find(WebhookDelivery, { endpointId }, { orderBy: { createdAt: 'desc' }, limit });
    const attempts = rows.length ? await em.find(WebhookAttempt, { deliveryId: { $in: rows.map((r) => r.id) } }, { orderBy: { attempt: 'asc' } }) : [];
    return rows.map((d) => deliveryView(d, attempts.filter((a) => a.deliveryId === d.id)));
  }

  async delivery(tenantId: string, deliveryId: string): Promise<WebhookDeliveryView> {
    const em = this.db.forTenant(tenantId);
    const row = await em.findOne(WebhookDelivery, { id: deliveryId });
    if (!row) throw new NotFound('webhook delivery', deliveryId);
    return deliveryView(row, await em.find(WebhookAttempt, { deliveryId }, { orderBy: { attempt: 'asc' } }));
  }

  /** The endpoint with its secret opened, for the sender. */
  async forDelivery(tenantId: string, id: string): Promise<{ endpoint: WebhookEndpoint; secret: string } | null> {
    const endpoint = await this.db.forTenant(tenantId).findOne(WebhookEndpoint, { id }, { populate: ['sealedSecret'] });
    return endpoint ? { endpoint, secret: this.secrets.open(endpoint.sealedSecret) } : null;
  }
}
