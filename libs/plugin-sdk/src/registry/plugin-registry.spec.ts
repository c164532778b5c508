import { Injectable, Logger, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { Channel, Secret, secretFieldsOf } from '../channel/channel.decorator';
import type { ChannelPlugin } from '../channel/channel.contract';
import { Tool } from '../tool/tool.decorator';
import type { ToolPlugin } from '../tool/tool.contract';
import { ValidationFailed } from '../errors';
import { PluginRegistry } from './plugin-registry';
import { PluginRegistryModule } from './plugin-registry.module';

class EchoConfig {
  @IsString() greeting!: string;
  @IsString() @Secret() token!: string;
}

const capabilities = { templates: false, deliveryReceipts: false, readReceipts: false, typingIndicator: false, maxTextLength: 100, media: [], formatting: 'plain' } as const;

@Channel({ type: 'echo', configSchema: EchoConfig })
@Injectable()
class EchoChannel implements ChannelPlugin {
  capabilities = capabilities;
  formattingGuidance = 'Plain text only, please.';
  async send() {
    return { ok: true as const, providerMessageId: 'x' };
  }
}

@Channel({ type: 'echo', configSchema: EchoConfig })
@Injectable()
class SecondEcho extends EchoChannel {}

class GreetConfig {
  @IsString() salutation!: string;
}

@Tool({ name: 'greet', risk: 'read', timeoutMs: 100, configSchema: GreetConfig })
@Injectable()
class GreetTool implements ToolPlugin {
  description = 'Greets the customer by name.';
  parameters = { type: 'object' as const, properties: { name: { type: 'string' } }, required: ['name'] };
  async execute() {
    return { content: 'hi' };
  }
}

@Tool({ name: 'Bad-Name', risk: 'read', timeoutMs: 100 })
@Injectable()
class BadNameTool extends GreetTool {}

async function boot(...providers: Array<new (...args: any[]) => unknown>) {
  @Module({ providers })
  class PluginsUnderTest {}
  const ref = await Test.createTestingModule({ imports: [PluginRegistryModule, PluginsUnderTest] }).compile();
  await ref.init();
  return ref;
}

describe('PluginRegistry', () => {
  it('discovers decorated channels and tools from any loaded module', async () => {
    const ref = await boot(EchoChannel, GreetTool);
    const registry = ref.get(PluginRegistry);
    expect(registry.channel('echo').plugin).toBeInstanceOf(EchoChannel);
    expect((await registry.tools('t1')).map((t) => t.options.name)).toEqual(['greet']);
    await ref.close();
  });

  it('refuses to boot with two plugins claiming one channel type, or a badly named tool', async () => {
    await expect(boot(EchoChannel, SecondEcho)).rejects.toThrow("Two channel plugins claim the type 'echo'");
    await expect(boot(BadNameTool)).rejects.toThrow('snake_case');
  });

  it('validates per-assistant tool config and names the field at fault', async () => {
    const ref = await boot(GreetTool);
    const registry = ref.get(PluginRegistry);
    const tool = await registry.tool('t1', 'greet');
    expect(registry.validateToolConfig(tool, { salutation: 'Moin' }, 'tools.0.config')).toEqual({ salutation: 'Moin' });
    expect(() => registry.validateToolConfig(tool, { salutation: 3 }, 'tools.0.config')).toThrow(ValidationFailed);
    try {
      registry.validateToolConfig(tool, { salutation: 'x', extra: 1 }, 'tools.0.config');
    } catch (err) {
      expect((err as ValidationFailed).details.field).toBe('tools.0.config.extra');
    }
    await expect(registry.tool('t1', 'nope')).rejects.toThrow(ValidationFailed);
    await ref.close();
  });

  it('serves tools a tenant defines at run time through a dynamic source', async () => {
    const ref = await boot();
    const registry = ref.get(PluginRegistry);
    registry.addDynamicToolSource(async (tenantId) => (tenantId === 't1' ? [{ options: { name: 'lookup_order', risk: 'read', timeoutMs: 50 }, plugin: new GreetTool() }] : []));
    expect((await registry.tools('t1')).map((t) => t.options.name)).toEqual(['lookup_order']);
    expect(await registry.tools('t2')).toEqual([]);
    await ref.close();
  });

  it('logs and skips a dynamic source that throws, keeping the built-in tools and the other sources', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const ref = await boot(GreetTool);
    const registry = ref.get(PluginRegistry);
    const tool = (name: string) => ({ options: { name, risk: 'read' as const, timeoutMs: 50 }, plugin: new GreetTool() });
    registry.addDynamicToolSource(async () => {
      throw new Error('Secret sealed with unknown key 0badc0de');
    }, 'broken-source');
    registry.addDynamicToolSource(() => {
      throw new Error('thrown before any promise');
    });
    registry.addDynamicToolSource(async () => [tool('lookup_order')], 'good-source');
    try {
      expect((await registry.tools('t1')).map((t) => t.options.name)).toEqual(['greet', 'lookup_order']);
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ tenantId: 't1', source: 'broken-source', error: 'Secret sealed with unknown key 0badc0de' }));
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ source: 'dynamic source 2', error: 'thrown before any promise' }));
      expect((await registry.tool('t1', 'lookup_order')).options.name).toBe('lookup_order');
      // A tool of the failed source is unknown for now, with a pointer to why.
      const missing = registry.tool('t1', 'from_broken_source');
      await expect(missing).rejects.toThrow(ValidationFailed);
      await expect(registry.tool('t1', 'from_broken_source')).rejects.toThrow(/Unknown tool 'from_broken_source'.*broken-source.*could not be loaded/);
    } finally {
      warn.mockRestore();
      await ref.close();
    }
  });

  it('leaves out a dynamic tool that breaks the tool contract or takes a name already in use', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const ref = await boot(GreetTool);
    const registry = ref.get(PluginRegistry);
    const ok = { options: { name: 'lookup_order', risk: 'read' as const, timeoutMs: 50 }, plugin: new GreetTool() };
    registry.addDynamicToolSource(async () => [
      { options: { name: 'Bad Name', risk: 'read', timeoutMs: 50 }, plugin: new GreetTool() },
      { options: { name: 'no_execute', risk: 'read', timeoutMs: 50 }, plugin: { description: 'x', parameters: { type: 'object', properties: {} } } as any },
      { options: { name: 'greet', risk: 'read', timeoutMs: 50 }, plugin: new GreetTool() },
      ok,
    ], 'mixed');
    try {
      expect((await registry.tools('t1')).map((t) => t.options.name)).toEqual(['greet', 'lookup_order']);
      expect((await registry.tool('t1', 'greet')).plugin).not.toBe(ok.plugin);
      expect(warn.mock.calls.map(([fields]) => (fields as { tool: string }).tool)).toEqual(['Bad Name', 'no_execute', 'greet']);
    } finally {
      warn.mockRestore();
      await ref.close();
    }
  });

  it('knows which config fields are secret', () => {
    expect(secretFieldsOf(EchoConfig)).toEqual(['token']);
  });

  it("refuses a channel whose flavour has no formatter, or whose send rate paces nothing", () => {
    const registry = new PluginRegistry(undefined as never);
    const plugin = (extra: object) => Object.assign(new EchoChannel(), extra) as ChannelPlugin;
    expect(() => registry.addChannel({ type: 'sms', configSchema: EchoConfig }, plugin({ capabilities: { ...capabilities, formatting: 'gsm7' } }))).toThrow(
      "Channel plugin 'sms' names formatting 'gsm7', which is not built in (markdown, plain): implement formatText()",
    );
    expect(() => registry.addChannel({ type: 'sms', configSchema: EchoConfig }, plugin({ capabilities: { ...capabilities, formatting: 'SMS!' } }))).toThrow(/names formatting "SMS!"/);
    expect(() =>
      registry.addChannel({ type: 'sms', configSchema: EchoConfig }, plugin({ capabilities: { ...capabilities, sendRate: { perConnection: { max: 0, perMs: 1000 } } } })),
    ).toThrow(/sendRate.perConnection needs/);
    registry.addChannel({ type: 'sms', configSchema: EchoConfig }, plugin({ capabilities: { ...capabilities, formatting: 'gsm7' }, formatText: (md: string) => md }));
    expect(registry.channel('sms').plugin.capabilities.formatting).toBe('gsm7');
  });
});
