import type { INestApplication } from '@nestjs/common';
import { TenantService } from '@confab/tenancy';
import { AssistantService } from '@confab/assistants';
import { PluginRegistry } from '@confab/plugin-sdk';
import { DocumentService, KnowledgeBaseService } from '@confab/knowledge';
import { ConnectionService } from '@confab/conversations';

export interface DemoSeed {
  tenantId: string;
  apiKey: string;
  assistantId: string;
  /** The demo web widget's public key, when the widget plugin is installed (GET /widget-demo shows it). */
  widgetPublicKey?: string;
}

/**
 * The origins a browser may show the platform's own demo page from: PUBLIC_URL's, and on a local machine the other
 * loopback spelling too, since people type localhost and 127.0.0.1 interchangeably.
 */
export function demoWidgetOrigins(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  const origins = [url.origin];
  const alias = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname === '127.0.0.1' ? 'localhost' : null;
  if (alias) origins.push(`${url.protocol}//${alias}${url.port ? `:${url.port}` : ''}`);
  return origins;
}

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
export async function seedDemo(app: INestApplication, model: string, publicUrl?: string): Promise<DemoSeed | null> {
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
  const widgetPublicKey = publicUrl && registry.hasChannel('web_widget') ? await seedDemoWidget(app, tenant.id, assistant.id, publicUrl) : undefined;
  return { tenantId: tenant.id, apiKey: key.apiKey, assistantId: assistant.id, ...(widgetPublicKey ? { widgetPublicKey } : {}) };
}

/** A web widget for the demo assistant on the platform's own origin, marked so GET /widget-demo can find it. */
async function seedDemoWidget(app: INestApplication, tenantId: string, assistantId: string, publicUrl: string): Promise<string | undefined> {
  const connections = app.get(ConnectionService);
  const widget = await connections.create(tenantId, {
    type: 'web_widget',
    assistantId,
    name: 'Demo widget',
    config: { allowedOrigins: demoWidgetOrigins(publicUrl), title: 'Confab Demo Bakery', greeting: 'Hello! Ask me about opening hours, pre-orders or delivery.' },
  });
  await connections.saveState(tenantId, widget.id, { demo: true });
  return app.get(PluginRegistry).channel('web_widget').plugin.describeConnection?.({ id: widget.id, config: widget.config }, { publicUrl })?.publicKey;
}
