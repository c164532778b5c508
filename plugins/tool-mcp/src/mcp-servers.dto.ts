import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';

export class RegisterMcpServerDto {
  @ApiProperty({ example: 'weather', description: 'Prefixes the tool names: weather__get_forecast. 1-30 of a-z, 0-9, _' })
  @IsString() @Matches(/^[a-z][a-z0-9_]{0,29}$/, { message: 'name must be 1-30 lower-case letters, digits or _, starting with a letter' }) name!: string;

  @ApiProperty({ example: 'https://mcp.example.com/mcp', description: 'The Streamable HTTP endpoint' })
  @IsString() @Length(1, 2000) url!: string;

  @ApiPropertyOptional({ example: { Authorization: 'Bearer s3cret' }, description: 'Sent with every request; encrypted at rest and never returned', type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional() @IsObject() headers?: Record<string, string>;
}

export class McpToolView {
  @ApiProperty({ example: 'weather__get_forecast', description: 'Enable it on an assistant as tools: [{name}]' }) name!: string;
  @ApiProperty({ example: 'get_forecast', description: 'The name on the MCP server' }) mcpName!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) inputSchema!: Record<string, unknown>;
  @ApiProperty({ description: 'The server marks it read-only' }) readOnly!: boolean;
}

export class SkippedMcpToolView {
  @ApiProperty() mcpName!: string;
  @ApiProperty() reason!: string;
}

export class McpServerView {
  @ApiProperty() name!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: String, isArray: true, description: 'The header names sent (values are never returned)' }) headerNames!: string[];
  @ApiProperty({ type: McpToolView, isArray: true }) tools!: McpToolView[];
  @ApiProperty({ type: SkippedMcpToolView, isArray: true }) skipped!: SkippedMcpToolView[];
  @ApiProperty({ format: 'date-time' }) discoveredAt!: string;
}

export class McpServerListView {
  @ApiProperty({ type: McpServerView, isArray: true }) items!: McpServerView[];
}
