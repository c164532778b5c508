import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { configJsonSchema, CurrentAuth, PluginRegistry, TOOL_RISKS, type AuthContext, type ToolRisk } from '@confab/plugin-sdk';

export class ToolView {
  @ApiProperty({ example: 'collect_data' }) name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: Object, description: 'JSON Schema of the arguments the model sends' }) parameters!: Record<string, unknown>;
  @ApiProperty({ enum: TOOL_RISKS }) risk!: ToolRisk;
  @ApiProperty() timeoutMs!: number;
  @ApiProperty({ description: 'The tool takes per-assistant settings (described by configSchema)' }) configurable!: boolean;
  @ApiPropertyOptional({ type: Object, description: "JSON Schema of the tool's per-assistant settings; secrets are marked writeOnly" })
  configSchema?: Record<string, unknown>;
}

@ApiTags('Tools')
@ApiBearerAuth()
@Controller('api/v1/tools')
export class ToolsController {
  constructor(private readonly registry: PluginRegistry) {}

  @Get()
  @ApiOkResponse({ type: ToolView, isArray: true })
  async list(@CurrentAuth() auth: AuthContext): Promise<ToolView[]> {
    return (await this.registry.tools(auth.tenantId)).map(({ options, plugin }) => ({
      name: options.name,
      description: plugin.description,
      parameters: plugin.parameters,
      risk: options.risk,
      timeoutMs: options.timeoutMs,
      configurable: Boolean(options.configSchema),
      ...(options.configSchema ? { configSchema: configJsonSchema(options.configSchema) } : {}),
    }));
  }
}
