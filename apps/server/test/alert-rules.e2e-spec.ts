import { createHmac } from 'node:crypto';
import { apiError, eventually, startWebhookReceiver, text, type WebhookReceiver } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

/** What a receiver does with a Standard Webhooks delivery: recompute the signature from the whsec_ secret. */
function verifies(secret: string, headers: Record<string, unknown>, body: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest('base64');
  return String(headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

describe('alert rules: evaluated on a schedule, firing and resolving as signed webhooks with a history', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let api: ApiClient;
  let secret: string;
  let bot: string;

  const hooks = (type: string) => receiver.received.filter((r) => r.path === '/alerts' && r.json?.type === type);

  beforeAll(async () => {
    server = await startTestServer({ metrics: { alertEvaluationIntervalMs: 200 } });
    receiver = await startWebhookReceiver();
    ({ api } = await createTenant(server.url, server.platformKey));
    secret = (await api.post('/api/v1/webhooks', { url: `${receiver.url}/alerts`, events: ['alert.firing', 'alert.resolved'] })).body.secret;
    bot = (await api.post('/api/v1/assistants', { name: 'Watched', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
  });
  afterAll(async () => {
    await receiver?.close();
    await server?.close();
  });

  it('validates rules naming the field, and keeps other tenants out', async () => {
    const good = { name: 'Slow', metric: 'response_time_p95', threshold: 5000, windowMinutes: 15 };
    for (const [body, field] of [
      [{ ...good, metric: 'latency' }, 'metric'],
      [{ ...good, threshold: 'high' }, 'threshold'],
      [{ ...good, threshold: -1 }, 'threshold'],
      [{ ...good, windowMinutes: 0 }, 'windowMinutes'],
      [{ ...good, windowMinutes: 1.5 }, 'windowMinutes'],
      [{ ...good, name: '' }, 'name'],
      [{ ...good, assistantId: 'nope' }, 'assistantId'],
    ] as const) {
      const res = await api.post('/api/v1/alert-rules', body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    const created = await api.post('/api/v1/alert-rules', { ...good, channel: 'whatsapp', enabled: false });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...good, channel: 'whatsapp', assistantId: null, enabled: false, state: 'ok' });
    const patched = await api.patch(`/api/v1/alert-rules/${created.body.id}`, { threshold: 8000 });
    expect(patched.body).toMatchObject({ threshold: 8000, windowMinutes: 15 });
    expect((await api.patch(`/api/v1/alert-rules/${created.body.id}`, { windowMinutes: -3 })).status).toBe(400);

    const other = await createTenant(server.url, server.platformKey, 'Stranger');
    expect((await other.api.post('/api/v1/alert-rules', { ...good, assistantId: bot })).status).toBe(404);
    expect((await other.api.get(`/api/v1/alert-rules/${created.body.id}`)).status).toBe(404);
    expect((await other.api.get(`/api/v1/alert-rules/${created.body.id}/history`)).status).toBe(404);
    expect((await other.api.patch(`/api/v1/alert-rules/${created.body.id}`, { threshold: 1 })).status).toBe(404);
    expect((await other.api.delete(`/api/v1/alert-rules/${created.body.id}`)).status).toBe(404);
    expect((await other.api.get('/api/v1/alert-rules')).body).toEqual([]);
    expect((await api.get('/api/v1/alert-rules')).body).toHaveLength(1);
    expect((await api.delete(`/api/v1/alert-rules/${created.body.id}`)).status).toBe(204);
    expect((await api.get(`/api/v1/alert-rules/${created.body.id}`)).status).toBe(404);
  });

  it('fires when the error rate goes over the threshold and resolves when it falls back, with both in the history', async () => {
    const rule = await api.post('/api/v1/alert-rules', { name: 'Replies failing', metric: 'error_rate', threshold: 0.3, windowMinutes: 30, assistantId: bot, channel: 'api' });
    expect(rule.status).toBe(201);
    const channel = (await api.post('/api/v1/channels', { type: 'api', assistantId: bot })).body.id;
    // A test chat's failure is not the customers' error rate.
    server.openai.enqueue(apiError(400, { message: 'context too long', code: 'context_length_exceeded' }));
    const chat = await api.post(`/api/v1/assistants/${bot}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'test', wait: true });
    await new Promise((r) => setTimeout(r, 800));
    expect(hooks('alert.firing')).toHaveLength(0);

    server.openai.enqueue(apiError(400, { message: 'context too long', code: 'context_length_exceeded' }));
    const failed = await api.post(`/api/v1/channels/${channel}/messages`, { customerId: 'c1', text: 'hello' });
    expect(failed.status).toBe(200);
    const firing = await eventually(() => {
      const hits = hooks('alert.firing');
      expect(hits).toHaveLength(1);
      return hits[0];
    });
    expect(verifies(secret, firing.headers, firing.body)).toBe(true);
    expect(firing.json.data).toMatchObject({ ruleId: rule.body.id, name: 'Replies failing', metric: 'error_rate', value: 1, threshold: 0.3, windowMinutes: 30, assistantId: bot, channel: 'api' });
    expect((await api.get(`/api/v1/alert-rules/${rule.body.id}`)).body).toMatchObject({ state: 'firing', lastValue: 1 });

    // The model works again: 1 failed of 4 customer messages is under 0.3.
    server.openai.enqueue(text('One.'), text('Two.'), text('Three.'));
    for (const t of ['a', 'b', 'c']) await api.post(`/api/v1/channels/${channel}/messages`, { customerId: 'c1', text: t });
    const resolved = await eventually(() => {
      const hits = hooks('alert.resolved');
      expect(hits).toHaveLength(1);
      return hits[0];
    });
    expect(verifies(secret, resolved.headers, resolved.body)).toBe(true);
    expect(resolved.json.data).toMatchObject({ ruleId: rule.body.id, value: 0.25, threshold: 0.3 });
    await new Promise((r) => setTimeout(r, 600));
    expect(hooks('alert.firing')).toHaveLength(1);
    expect(hooks('alert.resolved')).toHaveLength(1);

    const history = (await api.get(`/api/v1/alert-rules/${rule.body.id}/history`)).body;
    expect(history.map((h: any) => [h.state, h.value, h.threshold])).toEqual([['resolved', 0.25, 0.3], ['firing', 1, 0.3]]);
    expect(history[0].id).toBe(resolved.json.data.alertEventId);
  });

  it('evaluates every metric, for the tenant and for one assistant and channel', async () => {
    const ids: string[] = [];
    for (const metric of ['response_time_p95', 'error_rate', 'failed_deliveries', 'unanswered', 'cost']) {
      for (const scope of [{}, { assistantId: bot, channel: 'whatsapp' }]) {
        ids.push((await api.post('/api/v1/alert-rules', { name: metric, metric, threshold: 1_000_000, windowMinutes: 60, ...scope })).body.id);
      }
    }
    await eventually(async () => {
      for (const id of ids) expect((await api.get(`/api/v1/alert-rules/${id}`)).body).toMatchObject({ state: 'ok', lastValue: expect.any(Number), lastEvaluatedAt: expect.any(String) });
    });
    for (const id of ids) await api.delete(`/api/v1/alert-rules/${id}`);
  });

  it('fires on cost over the window', async () => {
    const rule = await api.post('/api/v1/alert-rules', { name: 'Spend', metric: 'cost', threshold: 0.0005, windowMinutes: 5 });
    const channel = (await api.post('/api/v1/channels', { type: 'api', assistantId: bot })).body.id;
    server.openai.enqueue(text('Pricey.', { promptTokens: 1000, completionTokens: 1000 }));
    await api.post(`/api/v1/channels/${channel}/messages`, { customerId: 'c2', text: 'hi' });
    const firing = await eventually(() => {
      const hit = hooks('alert.firing').find((h) => h.json.data.ruleId === rule.body.id);
      expect(hit).toBeDefined();
      return hit!;
    });
    expect(firing.json.data.value).toBeGreaterThanOrEqual(0.00075);
  });
});
