import { type DynamicModule, Module } from '@nestjs/common';
import { McpServersController } from './mcp-servers.controller';
import { McpServersService } from './mcp-servers.service';
import { MCP_TOOLS_OPTIONS, type McpToolsOptions } from './mcp-tool.options';

@Module({})
export class McpToolModule {
  static forRoot(options: McpToolsOptions): DynamicModule {
    return { module: McpToolModule, controllers: [McpServersController], providers: [McpServersService, { provide: MCP_TOOLS_OPTIONS, useValue: options }] };
  }
}
