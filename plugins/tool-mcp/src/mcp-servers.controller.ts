import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, type AuthContext } from '@confab/plugin-sdk';
import { McpServersService } from './mcp-servers.service';
import { McpServerListView, McpServerView, RegisterMcpServerDto } from './mcp-servers.dto';

const NAME_PARAM = { name: 'name', description: 'The server name given at registration', example: 'weather' };

@ApiTags('MCP servers (tools)')
@ApiBearerAuth()
@Controller('api/v1/mcp-servers')
export class McpServersController {
  constructor(private readonly servers: McpServersService) {}

  @Post()
  @ApiCreatedResponse({ type: McpServerView, description: 'Registered; `tools` are what the server offers, ready to enable on assistants' })
  register(@CurrentAuth() auth: AuthContext, @Body() dto: RegisterMcpServerDto): Promise<McpServerView> {
    return this.servers.register(auth.tenantId, dto);
  }

  @Get()
  @ApiOkResponse({ type: McpServerListView })
  async list(@CurrentAuth() auth: AuthContext): Promise<McpServerListView> {
    return { items: await this.servers.list(auth.tenantId) };
  }

  @Get(':name')
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: McpServerView })
  get(@CurrentAuth() auth: AuthContext, @Param('name') name: string): Promise<McpServerView> {
    return this.servers.get(auth.tenantId, name);
  }

  @Post(':name/refresh')
  @HttpCode(200)
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: McpServerView, description: 'The tools discovered again' })
  refresh(@CurrentAuth() auth: AuthContext, @Param('name') name: string): Promise<McpServerView> {
    return this.servers.refresh(auth.tenantId, name);
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiParam(NAME_PARAM)
  @ApiNoContentResponse({ description: 'Removed; assistants that enabled its tools no longer get them' })
  async remove(@CurrentAuth() auth: AuthContext, @Param('name') name: string): Promise<void> {
    await this.servers.remove(auth.tenantId, name);
  }
}
