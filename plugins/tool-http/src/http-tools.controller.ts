import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, type AuthContext } from '@confab/plugin-sdk';
import { CreateHttpToolDto, TestHttpToolDto } from './http-tool.dto';
import type { HttpToolDefinition } from './http-tool.definition';
import { HttpToolsService } from './http-tools.service';

/** Secret header values never leave the store: the view lists their names only. */
const view = (def: HttpToolDefinition) => ({ id: def.name, ...def });

@ApiTags('HTTP tools')
@ApiBearerAuth()
@Controller('api/v1/http-tools')
export class HttpToolsController {
  constructor(private readonly tools: HttpToolsService) {}

  @Post()
  @ApiCreatedResponse({ description: 'Enable it on an assistant like any tool: tools: [{name}]' })
  async create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateHttpToolDto) {
    return view(await this.tools.create(auth.tenantId, dto));
  }

  @Get()
  @ApiOkResponse()
  async list(@CurrentAuth() auth: AuthContext) {
    return (await this.tools.list(auth.tenantId)).map(view);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    await this.tools.remove(auth.tenantId, id);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The exact request sent (secret headers redacted) and the response received' })
  test(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Body() dto: TestHttpToolDto) {
    return this.tools.test(auth.tenantId, id, dto.args);
  }
}
