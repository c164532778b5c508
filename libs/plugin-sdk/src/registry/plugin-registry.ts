import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { CHANNEL_METADATA, type ChannelOptions } from '../channel/channel.decorator';
import type { ChannelPlugin } from '../channel/channel.contract';
import { TOOL_METADATA, type ToolOptions } from '../tool/tool.decorator';
import type { ToolPlugin } from '../tool/tool.contract';
import type { ToolDescription } from '../tool/tool.types';
import { NotFound, ValidationFailed } from '../errors';
import { validateConfig } from './validate-config';

export interface RegisteredChannel {
  options: ChannelOptions;
  plugin: ChannelPlugin<any>;
}

export interface RegisteredTool {
  options: ToolOptions;
  plugin: ToolPlugin;
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
  private readonly dynamicTools: Array<(tenantId: string) => Promise<RegisteredTool[]>> = [];

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

  /** Tools that exist per tenant (e.g. HTTP tools a tenant defined without code) register a source here. */
  addDynamicToolSource(source: (tenantId: string) => Promise<RegisteredTool[]>): void {
    this.dynamicTools.push(source);
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

  async tools(tenantId: string): Promise<RegisteredTool[]> {
    const dynamic = (await Promise.all(this.dynamicTools.map((source) => source(tenantId)))).flat();
    return [...this.toolsByName.values(), ...dynamic];
  }

  async tool(tenantId: string, name: string): Promise<RegisteredTool> {
    const found = this.toolsByName.get(name) ?? (await this.tools(tenantId)).find((t) => t.options.name === name);
    if (!found) throw new ValidationFailed(`Unknown tool '${name}'; GET /api/v1/tools lists the tools you can enable`, 'tools');
    return found;
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

  describeTool(tool: RegisteredTool, config: Record<string, unknown>): ToolDescription {
    return tool.plugin.describe?.(config) ?? { description: tool.plugin.description, parameters: tool.plugin.parameters };
  }
}
