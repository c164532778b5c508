import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, type AuthContext } from '@confab/plugin-sdk';
import { CreateHttpToolDto, TestHttpToolDto, UpdateHttpToolDto } from './http-tool.dto';
import type { HttpToolDefinition } from './http-tool.definition';
import { HttpToolsService } from './http-tools.service';
import { HttpToolTestView, HttpToolView } from './http-tool.views';

/** Secret header values never leave the store: the view lists their names only. */
const view = (def: HttpToolDefinition): HttpToolView => ({ id: def.name, ...def });

@ApiTags('HTTP tools')
@ApiBearerAuth()
@Controller('api/v1/http-tools')
export class HttpToolsController {
  constructor(private readonly tools: HttpToolsService) {}

  @Post()
  @ApiCreatedResponse({ type: HttpToolView, description: 'Enable it on an assistant like any tool: tools: [{name}]' })
  async create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateHttpToolDto): Promise<HttpToolView> {
    return view(await this.tools.create(auth.tenantId, dto));
  }

  @Get()
  @ApiOkResponse({ type: HttpToolView, isArray: true })
  async list(@CurrentAuth() auth: AuthContext): Promise<HttpToolView[]> {
    return (await this.tools.list(auth.tenantId)).map(view);
  }

  @Put(':id')
  @ApiOkResponse({ type: HttpToolView, description: 'The tool as it is now. Its name stays; a secret header sent without a value keeps its stored value' })
  async update(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Body() dto: UpdateHttpToolDto): Promise<HttpToolView> {
    return view(await this.tools.update(auth.tenantId, id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its stored secret headers' })
  async remove(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    await this.tools.remove(auth.tenantId, id);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOkResponse({ type: HttpToolTestView, description: 'The exact request sent (secret headers redacted) and the response received' })
  test(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Body() dto: TestHttpToolDto) {
    return this.tools.test(auth.tenantId, id, dto.args);
  }
}
