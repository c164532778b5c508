import { Inject } from '@nestjs/common';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { Db } from '@confab/persistence';
import { standardWebhookHeaders } from '@confab/plugin-sdk';
import { safeFetch, SafeFetchError } from '@confab/net';
import { WebhookAttempt, WebhookDelivery } from '../entities/webhook.entities';
import { WebhookEndpointService } from '../webhook-endpoint.service';
import { WEBHOOK_QUEUE, WEBHOOKS_OPTIONS, type WebhooksOptions } from '../webhooks.options';
import type { DeliveryJob } from './webhook-dispatcher';

class DeliveryAttemptFailed extends Error {}

/** One attempt: POST the signed payload, log the attempt, and let Bull retry anything but a 2xx. */
@Processor(WEBHOOK_QUEUE)
export class WebhookDeliveryProcessor {
  constructor(
    private readonly db: Db,
    private readonly endpoints: WebhookEndpointService,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: WebhooksOptions,
  ) {}

  @Process({ concurrency: 16 })
  async handle(job: Job<DeliveryJob>): Promise<string> {
    const { tenantId, deliveryId } = job.data;
    const delivery = await this.db.forTenant(tenantId).findOne(WebhookDelivery, { id: deliveryId });
    if (!delivery || delivery.status !== 'pending') return 'skipped';
    const target = await this.endpoints.forDelivery(tenantId, delivery.endpointId);
    const attempt = (job.data.attemptsBefore ?? 0) + job.attemptsMade + 1;
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (!target || target.endpoint.status !== 'active') {
      await this.record(tenantId, deliveryId, attempt, { statusCode: null, error: 'The endpoint was disabled', durationMs: 0 }, 'failed');
      return 'endpoint disabled';
    }
    const body = JSON.stringify(delivery.payload);
    const began = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    let refused = false;
    try {
      // Tenant-provided URLs go through the SSRF-safe client: internal addresses only when OUTBOUND_ALLOWED_HOSTS lists them.
      const res = await safeFetch(target.endpoint.url, {
        method: 'POST', headers: standardWebhookHeaders(target.secret, delivery.id, body), body,
        timeoutMs: this.options.timeoutMs, maxBytes: 4096, maxRedirects: 0, allowedHosts: this.options.allowedHosts,
      });
      statusCode = res.status;
      if (res.status < 200 || res.status >= 300) error = `The endpoint answered ${res.status}`;
    } catch (err) {
      refused = err instanceof SafeFetchError && (err.code === 'FORBIDDEN_ADDRESS' || err.code === 'BAD_URL');
      error = `The endpoint ${refused ? 'is not allowed' : 'could not be reached'}: ${(err as Error).message}`;
    }
    const durationMs = Math.round(performance.now() - began);
    // An address that is not allowed will not become allowed by waiting: fail at once.
    const status = !error ? 'succeeded' : final || refused ? 'failed' : 'pending';
    const nextDelay = this.options.backoffMs * 2 ** job.attemptsMade;
    await this.record(tenantId, deliveryId, attempt, { statusCode, error, durationMs }, status, status === 'pending' ? new Date(Date.now() + nextDelay) : null);
    if (status === 'pending') throw new DeliveryAttemptFailed(error ?? 'failed');
    return status;
  }

  private async record(
    tenantId: string,
    deliveryId: string,
    attempt: number,
    outcome: { statusCode: number | null; error: string | null; durationMs: number },
    status: WebhookDelivery['status'],
    nextAttemptAt: Date | null = null,
  ): Promise<void> {
    await this.db.transaction(tenantId, async (em) => {
      const delivery = await em.findOneOrFail(WebhookDelivery, { id: deliveryId });
      Object.assign(delivery, { attempts: attempt, lastStatusCode: outcome.statusCode, lastError: outcome.error, status, nextAttemptAt, ...(status === 'succeeded' ? { deliveredAt: new Date() } : {}) });
      em.persist(Object.assign(new WebhookAttempt(), { tenantId, deliveryId, attempt, ...outcome }));
    });
  }
}
