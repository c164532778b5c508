import { eventually, startWebhookReceiver, type WebhookReceiver } from '@confab/testing';
import { createTenant, apiClient, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

/** An operator re-sends a delivery after fixing the receiver: same payload and id, attempts numbered on. */
describe('webhooks: re-sending a delivery', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let api: ApiClient;
  let assistantId: string;

  beforeAll(async () => {
    server = await startTestServer();
    receiver = await startWebhookReceiver();
    ({ api } = await createTenant(server.url, server.platformKey));
    assistantId = (await api.post('/api/v1/assistants', { name: 'R', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
  });
  afterAll(async () => {
    await receiver?.close();
    await server?.close();
  });

  async function failedDelivery(path: string): Promise<{ endpointId: string; delivery: any }> {
    const endpoint = await api.post('/api/v1/webhooks', { url: `${receiver.url}${path}`, events: ['handoff.requested'] });
    receiver.script(500, 500, 500, 500);
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/handoff`, { reason: 'resend check' });
    const [delivery] = await eventually(async () => {
      const res = await api.get(`/api/v1/webhooks/${endpoint.body.id}/deliveries`);
      expect(res.body[0]?.status).toBe('failed');
      return res.body;
    }, { timeoutMs: 15_000 });
    return { endpointId: endpoint.body.id, delivery };
  }

  it('sends a failed delivery again with the same payload and webhook-id, logging the new attempt after the old ones', async () => {
    const { endpointId, delivery } = await failedDelivery('/fixed-later');
    expect(delivery.attempts).toBe(4);
    const resent = await api.post(`/api/v1/webhooks/${endpointId}/deliveries/${delivery.id}/resend`);
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ id: delivery.id, status: expect.stringMatching(/pending|succeeded/) });

    const after = await eventually(async () => {
      const res = await api.get(`/api/v1/webhooks/${endpointId}/deliveries`);
      expect(res.body[0].status).toBe('succeeded');
      return res.body[0];
    }, { timeoutMs: 15_000 });
    expect(after.log.map((a: any) => [a.attempt, a.statusCode])).toEqual([[1, 500], [2, 500], [3, 500], [4, 500], [5, 200]]);
    expect(after.attempts).toBe(5);
    const hits = receiver.received.filter((r) => r.path === '/fixed-later');
    expect(hits).toHaveLength(5);
    expect(new Set(hits.map((h) => h.headers['webhook-id']))).toEqual(new Set([delivery.id]));
    expect(hits[4].body).toBe(hits[0].body);

    // A succeeded one may be sent again too (the receiver lost it); it numbers on.
    expect((await api.post(`/api/v1/webhooks/${endpointId}/deliveries/${delivery.id}/resend`)).status).toBe(202);
    await eventually(async () => {
      const res = await api.get(`/api/v1/webhooks/${endpointId}/deliveries`);
      expect(res.body[0]).toMatchObject({ status: 'succeeded', attempts: 6 });
    }, { timeoutMs: 15_000 });
    // The receiver's scripted answers are shared by every path: this endpoint must not take the next test's.
    await api.delete(`/api/v1/webhooks/${endpointId}`);
  });

  it('refuses a re-send to a disabled endpoint, for an unknown delivery, for a read-only key, and across tenants', async () => {
    const { endpointId, delivery } = await failedDelivery('/gone');
    const readKey = await api.post('/api/v1/api-keys', { name: 'reader', scopes: ['read'] });
    const reader = apiClient(server.url, readKey.body.apiKey);
    expect((await reader.post(`/api/v1/webhooks/${endpointId}/deliveries/${delivery.id}/resend`)).status).toBe(403);

    const other = await createTenant(server.url, server.platformKey, 'Other');
    expect((await other.api.post(`/api/v1/webhooks/${endpointId}/deliveries/${delivery.id}/resend`)).status).toBe(404);
    const unknown = await api.post(`/api/v1/webhooks/${endpointId}/deliveries/00000000-0000-4000-8000-000000000000/resend`);
    expect(unknown.status).toBe(404);
    expect((await api.post(`/api/v1/webhooks/${endpointId}/deliveries/not-a-uuid/resend`)).status).toBe(400);

    await api.delete(`/api/v1/webhooks/${endpointId}`);
    const disabled = await api.post(`/api/v1/webhooks/${endpointId}/deliveries/${delivery.id}/resend`);
    expect(disabled.status).toBe(409);
    expect(disabled.body.code).toBe('ENDPOINT_DISABLED');
    expect((await api.get(`/api/v1/webhooks/${endpointId}/deliveries`)).body[0].status).toBe('failed');
  });
});
