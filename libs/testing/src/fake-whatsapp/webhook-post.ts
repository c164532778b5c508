import { request, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { WebhookDelivery } from './fake-graph.types';

const TIMEOUT_MS = 10_000;

/**
 * Posts notification bodies byte-for-byte (node:http, not fetch, so nothing re-encodes the body) and keeps the
 * in-flight requests, so close() can cut them instead of waiting for a slow or dead receiver.
 */
export class WebhookPoster {
  private readonly inFlight = new Set<ClientRequest>();

  constructor(private readonly log: WebhookDelivery[]) {}

  post(url: string, rawBody: string, signature: string | null): Promise<{ status: number; body: string }> {
    const delivery: WebhookDelivery = { url, rawBody, at: Date.now() };
    this.log.push(delivery);
    const bytes = Buffer.from(rawBody, 'utf8');
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': bytes.length,
      'user-agent': 'facebookexternalua',
    };
    if (signature !== null) headers['x-hub-signature-256'] = signature;
    return new Promise((resolve, reject) => {
      const fail = (err: Error): void => {
        delivery.error = err.message;
        reject(new Error(`fake-whatsapp: webhook POST to ${url} failed: ${err.message}`));
      };
      let req: ClientRequest;
      try {
        const send = url.startsWith('https:') ? httpsRequest : request;
        req = send(url, { method: 'POST', headers, timeout: TIMEOUT_MS }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            this.inFlight.delete(req);
            delivery.status = res.statusCode ?? 0;
            resolve({ status: delivery.status, body: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', fail);
        });
      } catch (err: unknown) {
        return fail(err instanceof Error ? err : new Error(String(err)));
      }
      this.inFlight.add(req);
      req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
      req.on('error', (err) => {
        this.inFlight.delete(req);
        fail(err);
      });
      req.end(bytes);
    });
  }

  abortAll(): void {
    for (const req of this.inFlight) req.destroy(new Error('fake-whatsapp closed'));
    this.inFlight.clear();
  }
}
