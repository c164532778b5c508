import {
  PluginRegistry,
  TOOL_METADATA,
  validateConfig,
  type ConversationVariable,
  type ToolContext,
  type ToolOptions,
} from '@confab/plugin-sdk';
import type { DiscoveryService } from '@nestjs/core';
import { CollectDataConfig } from './collect-data.config';
import { CollectDataTool } from './collect-data.tool';

/** A test double of the SDK's ToolContext that keeps variables in memory and records every call. */
function contextFor(rawConfig: unknown, stored: Record<string, unknown> = {}) {
  const values = new Map(Object.entries(stored));
  const sets: Array<[string, unknown]> = [];
  const handoffs: Array<[string, string | undefined]> = [];
  const ctx: ToolContext<CollectDataConfig> = {
    tenantId: 't1',
    assistantId: 'a1',
    config: validateConfig(CollectDataConfig, rawConfig),
    conversation: {
      id: 'c1',
      channel: 'test',
      customer: { identifier: null, name: null },
      requestHandoff: (reason, summary) => void handoffs.push([reason, summary]),
    },
    tasks: { create: () => ({ id: 'task-1' }) },
    variables: {
      get: (key) => values.get(key),
      all: () => {
        const entries = [...values].map(([k, value]): [string, ConversationVariable] => [k, { value, source: 'ai', updatedAt: '' }]);
        return Object.fromEntries(entries);
      },
      set: (key, value) => {
        sets.push([key, value]);
        values.set(key, value);
      },
    },
    signal: new AbortController().signal,
    logger: { log: () => undefined, warn: () => undefined },
  };
  return { ctx, sets, handoffs };
}

const config = {
  fields: [
    { key: 'email', type: 'email', required: true, description: 'Where the quote goes' },
    { key: 'phone', type: 'phone', required: true, defaultCountry: 'DE' },
    { key: 'guests', type: 'number', min: 1, max: 12 },
    { key: 'plan', type: 'enum', options: ['Basic', 'Pro'] },
  ],
};

describe('CollectDataTool', () => {
  const tool = new CollectDataTool();

  it('is declared as a write tool that the registry accepts', () => {
    const options: ToolOptions = Reflect.getMetadata(TOOL_METADATA, CollectDataTool);
    expect(options).toMatchObject({ name: 'collect_data', risk: 'write', timeoutMs: 5000, configSchema: CollectDataConfig });
    const registry = new PluginRegistry({} as DiscoveryService);
    expect(() => registry.addTool(options, tool)).not.toThrow();
  });

  it('saves valid values normalised and reports what is still missing', async () => {
    const { ctx, sets } = contextFor(config);
    const result = await tool.execute({ email: 'Anna@Example.COM', plan: 'pro', guests: 4 }, ctx);
    expect(sets).toEqual([
      ['email', 'Anna@example.com'],
      ['plan', 'Pro'],
      ['guests', 4],
    ]);
    expect(result).toEqual({
      content: {
        saved: { email: 'Anna@example.com', plan: 'Pro', guests: 4 },
        invalid: [],
        missingRequired: ['phone'],
        message: 'Saved email, plan, guests. Still missing: phone.',
      },
      validation: 'ok',
    });
  });

  it('keeps the good values and names the rule for a bad one', async () => {
    const { ctx, sets } = contextFor(config);
    const result = await tool.execute({ email: 'anna@example.com', phone: '12345' }, ctx);
    expect(sets).toEqual([['email', 'anna@example.com']]);
    expect(result.validation).toBe('invalid');
    expect(result.content).toEqual({
      saved: { email: 'anna@example.com' },
      invalid: [{ field: 'phone', value: '12345', rule: 'not a valid phone number for DE (or international with +country code)' }],
      missingRequired: ['phone'],
      message: 'Saved email. Ask again for phone: not a valid phone number for DE (or international with +country code). Still missing: phone.',
    });
  });

  it('counts variables stored earlier in the conversation as collected', async () => {
    const { ctx } = contextFor(config, { email: 'anna@example.com' });
    const result = await tool.execute({ phone: '0151 23456789' }, ctx);
    expect(result.content).toMatchObject({
      saved: { phone: '+4915123456789' },
      missingRequired: [],
      message: 'Saved phone. All required fields are collected.',
    });
  });

  it('lists unknown keys as invalid and saves nothing for them', async () => {
    const { ctx, sets } = contextFor(config);
    const result = await tool.execute({ fax: '030 1234', guests: 30 }, ctx);
    expect(sets).toEqual([]);
    expect(result.validation).toBe('invalid');
    expect(result.content).toMatchObject({
      saved: {},
      invalid: [
        { field: 'fax', value: '030 1234', rule: 'unknown field' },
        { field: 'guests', value: 30, rule: 'must be at most 12' },
      ],
      message:
        'Ask again for guests: must be at most 12. Ignored unknown fax; the fields are email, phone, guests, plan. Still missing: email, phone.',
    });
  });

  it('treats null as not given and says so when nothing came', async () => {
    const { ctx, sets } = contextFor(config);
    const result = await tool.execute({ email: null }, ctx);
    expect(sets).toEqual([]);
    expect(result).toEqual({
      content: { saved: {}, invalid: [], missingRequired: ['email', 'phone'], message: 'Nothing was saved because no values were given. Still missing: email, phone.' },
      validation: 'ok',
    });
  });

  it('shortens long invalid values echoed back to the model', async () => {
    const { ctx } = contextFor({ fields: [{ key: 'email', type: 'email' }] });
    const result = await tool.execute({ email: 'x'.repeat(500) }, ctx);
    const [invalid] = (result.content as { invalid: Array<{ value: string }> }).invalid;
    expect(invalid.value).toHaveLength(201);
  });
});
