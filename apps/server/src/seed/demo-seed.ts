import type { INestApplication } from '@nestjs/common';
import { TenantService } from '@confab/tenancy';
import { AssistantService } from '@confab/assistants';
import { PluginRegistry } from '@confab/plugin-sdk';

export interface DemoSeed {
  tenantId: string;
  apiKey: string;
  assistantId: string;
}

const DEMO_PROMPT =
  'You are the friendly assistant of Confab Demo Bakery. Answer questions about opening hours (Mon-Sat 7:00-18:00) ' +
  'and orders. When the customer gives an email address or phone number, save it with collect_data. ' +
  'If the customer asks for a person, hand the conversation over.';

/** First run only: a demo tenant with one assistant that uses the built-in tools, so a test chat works at once. */
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
  const assistant = await app.get(AssistantService).create(tenant.id, { name: 'Demo assistant', systemPrompt: DEMO_PROMPT, model, tools });
  return { tenantId: tenant.id, apiKey: key.apiKey, assistantId: assistant.id };
}
