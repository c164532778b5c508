import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, ParseUuidParam, type AuthContext } from '@confab/plugin-sdk';
import { AssistantView, CreateAssistantDto, UpdateAssistantDto } from './assistant.dto';
import { AssistantService, assistantView } from './assistant.service';

@ApiTags('Assistants')
@ApiBearerAuth()
@Controller('api/v1/assistants')
export class AssistantsController {
  constructor(private readonly assistants: AssistantService) {}

  @Post()
  @ApiCreatedResponse({ type: AssistantView })
  async create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateAssistantDto): Promise<AssistantView> {
    return assistantView(await this.assistants.create(auth.tenantId, dto));
  }

  @Get()
  @ApiOkResponse({ type: AssistantView, isArray: true })
  async list(@CurrentAuth() auth: AuthContext): Promise<AssistantView[]> {
    return (await this.assistants.list(auth.tenantId)).map(assistantView);
  }

  @Get(':id')
  @ApiOkResponse({ type: AssistantView })
  async get(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<AssistantView> {
    return assistantView(await this.assistants.get(auth.tenantId, id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: AssistantView })
  async update(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string, @Body() dto: UpdateAssistantDto): Promise<AssistantView> {
    return assistantView(await this.assistants.update(auth.tenantId, id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<void> {
    await this.assistants.remove(auth.tenantId, id);
  }
}
