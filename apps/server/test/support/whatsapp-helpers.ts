import type { ApiClient } from './api-client';

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
