import { startFakeGraph, type FakeGraph } from '@confab/testing';
import { createTenant, type ApiClient } from './api-client';
import { startTestServer, type TestServer } from './test-server';

/** The connection settings every WhatsApp e2e test uses: the number the fixtures are addressed to, test secrets. */
export function whatsappConfig(graphApiBaseUrl: string): Record<string, string> {
  return {
    phoneNumberId: '100000000000001', businessAccountId: '200000000000002', accessToken: 'test-access-token',
    appSecret: 'test-app-secret', verifyToken: 'verify-me-please', graphApiBaseUrl, graphApiVersion: 'v25.0',
  };
}

/** Connects a WhatsApp number to an assistant through the API, as a tenant would; returns the created connection. */
export async function connectWhatsApp(
  api: ApiClient,
  assistantId: string,
  graphApiBaseUrl: string,
  settings: Record<string, unknown> = {},
): Promise<{ id: string; webhookUrl: string }> {
  const created = await api.post('/api/v1/channels', { type: 'whatsapp', assistantId, config: { ...whatsappConfig(graphApiBaseUrl), ...settings } });
  if (created.status !== 201) throw new Error(`WhatsApp connection failed: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

/**
 * A test server with one tenant whose assistant answers on a WhatsApp number served by a loopback Graph API,
 * whose webhooks go to that server. The caller closes the server and the Graph API.
 */
export async function startWhatsAppTenant(options: Parameters<typeof startTestServer>[0], name = 'Bakery'): Promise<{ server: TestServer; graph: FakeGraph; api: ApiClient }> {
  const server = await startTestServer(options);
  const graph = await startFakeGraph();
  const { api } = await createTenant(server.url, server.platformKey, name);
  const assistantId = (await api.post('/api/v1/assistants', { name, systemPrompt: 'You sell bread.', model: 'gpt-4o-mini' })).body.id;
  const channelId = (await connectWhatsApp(api, assistantId, graph.url)).id;
  graph.setWebhookTarget(`${server.url}/webhooks/whatsapp/${channelId}`);
  return { server, graph, api };
}

/** The text messages the loopback Graph API was asked to send to one customer number. */
export function textSendsTo(graph: FakeGraph, digits: string) {
  return graph.requests.filter((r) => r.method === 'POST' && r.body?.to === `+${digits}` && r.body?.type === 'text');
}
