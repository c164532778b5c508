import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, ParseUuidParam, RequireScope, type AuthContext } from '@confab/plugin-sdk';
import { ApiKeyService } from './api-key.service';
import { ApiKeyView, CreateApiKeyDto, IssuedApiKeyView } from './api-keys.dto';

@ApiTags('API keys')
@ApiBearerAuth()
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  @Post()
  @ApiCreatedResponse({ type: IssuedApiKeyView })
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateApiKeyDto): Promise<IssuedApiKeyView> {
    return this.keys.issue(auth.tenantId, dto.name, dto.scopes ?? ['admin']);
  }

  @Get()
  @RequireScope('admin')
  @ApiOkResponse({ type: ApiKeyView, isArray: true })
  async list(@CurrentAuth() auth: AuthContext): Promise<ApiKeyView[]> {
    const keys = await this.keys.list(auth.tenantId);
    return keys.map(({ id, name, prefix, scopes, createdAt, lastUsedAt, revokedAt }) => ({
      id, name, prefix, scopes, createdAt, lastUsedAt, revokedAt,
    }));
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<void> {
    await this.keys.revoke(auth.tenantId, id);
  }
}
