import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { OperatorService, TenantService } from '@confab/tenancy';
import { AssistantService } from '@confab/assistants';
import { PluginRegistry } from '@confab/plugin-sdk';
import { DocumentService, KnowledgeBaseService } from '@confab/knowledge';

export interface DemoSeed {
  tenantId: string;
  apiKey: string;
  assistantId: string;
  /** The demo tenant's admin for the dashboard; the password is generated and shown once, like the key. */
  dashboard: { email: string; password: string };
}

export const DEMO_OPERATOR_EMAIL = 'demo@confab.local';

const DEMO_PROMPT =
  'You are the friendly assistant of Confab Demo Bakery. Answer questions about the bakery from the knowledge base. ' +
  'When the customer gives an email address or phone number, save it with collect_data. ' +
  'If the customer asks for a person, hand the conversation over.';

const DEMO_FAQ = `# Confab Demo Bakery

## Opening hours
We are open Monday to Saturday from 7:00 to 18:00. On Sundays and public holidays the bakery is closed.

## Pre-orders
Cakes and large bread orders can be pre-ordered by phone or in the shop at least two days in advance.
Pre-orders are paid on collection.

## Allergens
All our breads contain gluten. Nut-free products are marked in the shop; we cannot rule out traces of nuts.

## Delivery
We deliver within the city for orders over 30 euros, Tuesday to Saturday between 9:00 and 12:00.
`;

/** First run only: a demo tenant with one assistant that uses the built-in tools and a knowledge base, so a test chat works at once. */
export async function seedDemo(app: INestApplication, model: string): Promise<DemoSeed | null> {
  const tenants = app.get(TenantService);
  if ((await tenants.list()).length > 0) return null;
  const { tenant, key } = await tenants.create('Demo tenant');
  const registry = app.get(PluginRegistry);
  const available = new Set((await registry.tools(tenant.id)).map((t) => t.options.name));
  const tools = [
    ...(available.has('collect_data')
      ? [{ name: 'collect_data', config: { fields: [{ key: 'email', type: 'email' }, { key: 'phone', type: 'phone', defaultCountry: 'DE' }] } }]
      : []),
    ...(available.has('handoff_to_human') ? [{ name: 'handoff_to_human', config: {} }] : []),
  ];
  // A small knowledge base, so a test chat shows retrieval and citations without any key.
  const kb = await app.get(KnowledgeBaseService).create(tenant.id, { name: 'Bakery help' });
  await app.get(DocumentService).add(tenant.id, kb.id, { kind: 'text', title: 'Bakery FAQ', text: DEMO_FAQ });
  const assistant = await app.get(AssistantService).create(tenant.id, { name: 'Demo assistant', systemPrompt: DEMO_PROMPT, model, tools, knowledgeBaseIds: [kb.id] });
  // 128 random bits: the demo dashboard is reachable wherever the server is, so its password is not guessable.
  const password = randomBytes(16).toString('base64url');
  await app.get(OperatorService).create(tenant.id, { email: DEMO_OPERATOR_EMAIL, name: 'Demo admin', role: 'admin', password });
  return { tenantId: tenant.id, apiKey: key.apiKey, assistantId: assistant.id, dashboard: { email: DEMO_OPERATOR_EMAIL, password } };
}
