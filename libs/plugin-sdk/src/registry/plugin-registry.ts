import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { CHANNEL_METADATA, type ChannelOptions } from '../channel/channel.decorator';
import type { ChannelPlugin } from '../channel/channel.contract';
import { TOOL_METADATA, type ToolOptions } from '../tool/tool.decorator';
import type { ToolPlugin } from '../tool/tool.contract';
import type { ToolDescription } from '../tool/tool.types';
import { NotFound, ValidationFailed, withFieldPrefix } from '../errors';
import { validateConfig } from './validate-config';
import { BUILT_IN_FORMATTINGS, channelFormatter, FORMATTING_NAME } from '../channel/text-formatting';
import { sendRateProblem } from '../channel/send-rate';

export interface RegisteredChannel {
  options: ChannelOptions;
  plugin: ChannelPlugin<any>;
}

export interface RegisteredTool {
  options: ToolOptions;
  plugin: ToolPlugin;
}

/** Lists the tools one tenant has at run time (e.g. HTTP tools it defined without code). */
export type DynamicToolSource = (tenantId: string) => Promise<RegisteredTool[]>;

interface NamedSource {
  name: string;
  load: DynamicToolSource;
}

const TOOL_NAME = /^[a-z][a-z0-9_]{1,63}$/;

/**
 * Finds every @Channel and @Tool provider the server loaded. Boot fails on a duplicate channel type or tool
 * name, or on a plugin that does not implement its contract, so a broken plugin never half-works.
 */
@Injectable()
export class PluginRegistry implements OnModuleInit {
  private readonly logger = new Logger('PluginRegistry');
  private readonly channelsByType = new Map<string, RegisteredChannel>();
  private readonly toolsByName = new Map<string, RegisteredTool>();
  private readonly dynamicTools: NamedSource[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const channel: ChannelOptions | undefined = Reflect.getMetadata(CHANNEL_METADATA, metatype);
      if (channel) this.addChannel(channel, instance as ChannelPlugin);
      const tool: ToolOptions | undefined = Reflect.getMetadata(TOOL_METADATA, metatype);
      if (tool) this.addTool(tool, instance as ToolPlugin);
    }
    this.logger.log(
      `Plugins: channels [${[...this.channelsByType.keys()].join(', ')}], tools [${[...this.toolsByName.keys()].join(', ')}]`,
    );
  }

  addChannel(options: ChannelOptions, plugin: ChannelPlugin<any>): void {
    if (this.channelsByType.has(options.type)) throw new Error(`Two channel plugins claim the type '${options.type}'`);
    if (typeof plugin.send !== 'function' || !plugin.capabilities || typeof plugin.formattingGuidance !== 'string') {
      throw new Error(`Channel plugin '${options.type}' does not implement send(), capabilities and formattingGuidance`);
    }
    if (!options.configSchema) throw new Error(`Channel plugin '${options.type}' has no configSchema`);
    const formatting = plugin.capabilities.formatting;
    if (typeof formatting !== 'string' || !FORMATTING_NAME.test(formatting)) {
      throw new Error(`Channel plugin '${options.type}' names formatting ${JSON.stringify(formatting)}; use lower-case letters, digits, '-' or '_'`);
    }
    if (!channelFormatter(plugin)) {
      throw new Error(`Channel plugin '${options.type}' names formatting '${formatting}', which is not built in (${BUILT_IN_FORMATTINGS.join(', ')}): implement formatText()`);
    }
    const rateProblem = sendRateProblem(plugin.capabilities.sendRate);
    if (rateProblem) throw new Error(`Channel plugin '${options.type}': ${rateProblem}`);
    this.channelsByType.set(options.type, { options, plugin });
  }

  addTool(options: ToolOptions, plugin: ToolPlugin): void {
    if (!TOOL_NAME.test(options.name)) throw new Error(`Tool name '${options.name}' must be snake_case (a-z, 0-9, _)`);
    if (this.toolsByName.has(options.name)) throw new Error(`Two tool plugins claim the name '${options.name}'`);
    if (typeof plugin.execute !== 'function' || plugin.parameters?.type !== 'object' || !plugin.description) {
      throw new Error(`Tool plugin '${options.name}' does not implement execute(), description and an object parameters schema`);
    }
    this.toolsByName.set(options.name, { options, plugin });
  }

  /**
   * Tools that exist per tenant (e.g. HTTP tools a tenant defined without code) register a source here. `name`
   * identifies the source in logs. A source that fails, or a tool it returns that breaks the tool contract, is
   * logged and left out: one broken source never takes the other tools of the tenant with it.
   */
  addDynamicToolSource(source: DynamicToolSource, name?: string): void {
    this.dynamicTools.push({ name: name ?? (source.name || `dynamic source ${this.dynamicTools.length + 1}`), load: source });
  }

  channel(type: string): RegisteredChannel {
    const found = this.channelsByType.get(type);
    if (!found) throw new NotFound('channel type', type);
    return found;
  }

  hasChannel(type: string): boolean {
    return this.channelsByType.has(type);
  }

  channels(): RegisteredChannel[] {
    return [...this.channelsByType.values()];
  }

  /** The built-in tools and the tenant's dynamic ones; sources that fail are logged and skipped. */
  async tools(tenantId: string): Promise<RegisteredTool[]> {
    return (await this.collectTools(tenantId)).tools;
  }

  async tool(tenantId: string, name: string): Promise<RegisteredTool> {
    const builtIn = this.toolsByName.get(name);
    if (builtIn) return builtIn;
    const { tools, failedSources } = await this.collectTools(tenantId);
    const found = tools.find((t) => t.options.name === name);
    if (!found) {
      const why = failedSources.length ? ` (the tools of ${failedSources.join(', ')} could not be loaded just now; see the server log)` : '';
      throw new ValidationFailed(`Unknown tool '${name}'; GET /api/v1/tools lists the tools you can enable${why}`, 'tools');
    }
    return found;
  }

  private async collectTools(tenantId: string): Promise<{ tools: RegisteredTool[]; failedSources: string[] }> {
    // Promise.resolve().then: a source that throws before returning a promise is caught like one that rejects.
    const results = await Promise.allSettled(this.dynamicTools.map((source) => Promise.resolve().then(() => source.load(tenantId))));
    const tools = [...this.toolsByName.values()];
    const names = new Set(this.toolsByName.keys());
    const failedSources: string[] = [];
    results.forEach((result, i) => {
      const source = this.dynamicTools[i].name;
      if (result.status === 'rejected' || !Array.isArray(result.value)) {
        const error = result.status === 'rejected' ? errorMessage(result.reason) : 'it did not return a list of tools';
        this.logger.warn({ msg: 'Dynamic tool source failed; its tools are left out', tenantId, source, error });
        failedSources.push(source);
        return;
      }
      for (const tool of result.value) {
        const problem = dynamicToolProblem(tool, names);
        if (problem) {
          this.logger.warn({ msg: 'Dynamic tool left out', tenantId, source, tool: nameOf(tool), reason: problem });
          continue;
        }
        names.add(tool.options.name);
        tools.push(tool);
      }
    });
    return { tools, failedSources };
  }

  /** Validates one assistant's config for a tool and returns the cleaned config. */
  validateToolConfig(tool: RegisteredTool, config: unknown, field: string): Record<string, unknown> {
    if (!tool.options.configSchema) {
      if (config && Object.keys(config as object).length) {
        throw new ValidationFailed(`Tool '${tool.options.name}' takes no config`, field);
      }
      return {};
    }
    return validateConfig(tool.options.configSchema, config ?? {}, field) as Record<string, unknown>;
  }

  /**
   * Checks the tools an assistant (or a test chat's draft of one) enables: known to the tenant, each once, each config
   * valid for its schema and accepted by the tool. Returns the cleaned settings; errors name the field (`tools.0.config.x`).
   */
  async checkToolSettings(tenantId: string, settings: Array<{ name: string; config?: Record<string, unknown> }>, field = 'tools'): Promise<Array<{ name: string; config: Record<string, unknown> }>> {
    const seen = new Set<string>();
    const result: Array<{ name: string; config: Record<string, unknown> }> = [];
    for (const [i, setting] of settings.entries()) {
      if (seen.has(setting.name)) throw new ValidationFailed(`Tool '${setting.name}' is listed twice`, `${field}.${i}.name`);
      seen.add(setting.name);
      const tool = await this.tool(tenantId, setting.name).catch(() => {
        throw new ValidationFailed(`Unknown tool '${setting.name}'; GET /api/v1/tools lists the tools you can enable`, `${field}.${i}.name`);
      });
      const config = this.validateToolConfig(tool, setting.config ?? {}, `${field}.${i}.config`);
      if (tool.plugin.checkConfig) await withFieldPrefix(`${field}.${i}.config`, () => tool.plugin.checkConfig!(tenantId, config));
      result.push({ name: setting.name, config });
    }
    return result;
  }

  describeTool(tool: RegisteredTool, config: Record<string, unknown>): ToolDescription {
    return tool.plugin.describe?.(config) ?? { description: tool.plugin.description, parameters: tool.plugin.parameters };
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function nameOf(tool: unknown): string | null {
  const name = (tool as RegisteredTool | null)?.options?.name;
  return typeof name === 'string' ? name : null;
}

/** Why a tool from a dynamic source cannot be offered (the checks addTool makes at boot, plus unique names). */
function dynamicToolProblem(tool: RegisteredTool, taken: ReadonlySet<string>): string | null {
  const name = nameOf(tool);
  if (name === null || !TOOL_NAME.test(name)) return 'its name is not snake_case (a-z, 0-9, _)';
  if (taken.has(name)) return `another tool is already named '${name}'`;
  const plugin = tool.plugin;
  if (typeof plugin?.execute !== 'function' || plugin.parameters?.type !== 'object' || !plugin.description) {
    return 'it does not implement execute(), description and an object parameters schema';
  }
  return null;
}
