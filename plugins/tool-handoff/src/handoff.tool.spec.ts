import Ajv from 'ajv';
import { Test } from '@nestjs/testing';
import { PluginRegistry, PluginRegistryModule, TOOL_METADATA, type ToolContext, type ToolOptions } from '@confab/plugin-sdk';
import { DEFAULT_HANDOFF_MESSAGE, HandoffConfig } from './handoff.config';
import { HandoffToolModule } from './handoff.module';
import { HANDOFF_INSTRUCTION, HandoffTool } from './handoff.tool';

/** A test double of the SDK's ToolContext that records hand-over requests and variable writes. */
function contextFor(config: HandoffConfig) {
  const handoffs: Array<{ reason: string; summary?: string }> = [];
  const sets: Array<[string, unknown]> = [];
  const ctx: ToolContext<HandoffConfig> = {
    tenantId: 't1',
    assistantId: 'a1',
    config,
    conversation: {
      id: 'c1',
      channel: 'whatsapp',
      customer: { identifier: '+4915123456789', name: 'Anna' },
      requestHandoff: (reason, summary) => void handoffs.push({ reason, summary }),
    },
    tasks: { create: () => ({ id: 'task-1' }) },
    variables: { get: () => undefined, all: () => ({}), set: (key, value) => void sets.push([key, value]) },
    signal: new AbortController().signal,
    logger: { log: () => undefined, warn: () => undefined },
  };
  return { ctx, handoffs, sets };
}

describe('HandoffTool', () => {
  const tool = new HandoffTool();

  it('is declared as a handoff tool with its config schema', () => {
    const options: ToolOptions = Reflect.getMetadata(TOOL_METADATA, HandoffTool);
    expect(options).toEqual({ name: 'handoff_to_human', risk: 'handoff', timeoutMs: 5000, configSchema: HandoffConfig });
  });

  it('requests the hand-over with reason and summary and returns the configured message', async () => {
    const { ctx, handoffs, sets } = contextFor({ message: 'Eine Kollegin übernimmt gleich.' });
    const result = await tool.execute({ reason: 'Customer wants a refund', summary: 'Order 123 arrived broken.' }, ctx);
    expect(handoffs).toEqual([{ reason: 'Customer wants a refund', summary: 'Order 123 arrived broken.' }]);
    expect(sets).toEqual([]);
    expect(result).toEqual({
      content: { handedOver: true, message: 'Eine Kollegin übernimmt gleich.', instruction: HANDOFF_INSTRUCTION },
      validation: 'ok',
    });
  });

  it('falls back to the default message and passes no summary when none or a blank one is given', async () => {
    const { ctx, handoffs } = contextFor({});
    const result = await tool.execute({ reason: ' Asked for a person ', summary: '  ' }, ctx);
    expect(handoffs).toEqual([{ reason: 'Asked for a person', summary: undefined }]);
    expect(result.content).toMatchObject({ handedOver: true, message: DEFAULT_HANDOFF_MESSAGE });
    expect(HANDOFF_INSTRUCTION).toBe('Tell the customer this message; do not try to solve the issue yourself any more.');
  });

  // The core checks arguments with Ajv (strict: false, no coercion) before execute() runs.
  it('lets the core refuse a missing, blank or overlong reason and an overlong summary', () => {
    const validate = new Ajv({ allErrors: true, strict: false, coerceTypes: false }).compile(tool.parameters);
    expect(validate({ reason: 'Wants a human' })).toBe(true);
    expect(validate({ reason: 'Wants a human', summary: 's'.repeat(2000) })).toBe(true);
    expect(validate({})).toBe(false);
    expect(validate({ reason: '' })).toBe(false);
    expect(validate({ reason: '   ' })).toBe(false);
    expect(validate({ reason: 'r'.repeat(501) })).toBe(false);
    expect(validate({ reason: 'ok', summary: 's'.repeat(2001) })).toBe(false);
  });

  it('is discovered by the plugin registry when its module is loaded', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [PluginRegistryModule, HandoffToolModule] }).compile();
    await moduleRef.init();
    const registry = moduleRef.get(PluginRegistry);
    const [registered] = await registry.tools('t1');
    expect(registered.options.name).toBe('handoff_to_human');
    expect(registry.validateToolConfig(registered, {}, 'tools.0.config')).toEqual({});
    expect(registry.describeTool(registered, {})).toEqual({ description: tool.description, parameters: tool.parameters });
    await moduleRef.close();
  });
});
