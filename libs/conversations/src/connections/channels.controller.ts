import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, ParseUuidParam, PluginRegistry, secretFieldsOf, type AuthContext } from '@confab/plugin-sdk';
import type { ChannelConnection } from '../entities/channel-connection.entity';
import { ConnectionService } from './connection.service';
import { ChannelView, CreateChannelDto, UpdateChannelDto } from './channels.dto';
import { CONVERSATIONS_OPTIONS, type ConversationsOptions } from '../conversations.options';

@ApiTags('Channels')
@ApiBearerAuth()
@Controller('api/v1/channels')
export class ChannelsController {
  constructor(
    private readonly connections: ConnectionService,
    private readonly registry: PluginRegistry,
    @Inject(CONVERSATIONS_OPTIONS) private readonly options: ConversationsOptions,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: ChannelView })
  async create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateChannelDto): Promise<ChannelView> {
    const row = await this.connections.create(auth.tenantId, { type: dto.type, assistantId: dto.assistantId, name: dto.name, config: dto.config ?? {} });
    return this.view(row);
  }

  @Get()
  @ApiOkResponse({ type: ChannelView, isArray: true })
  async list(@CurrentAuth() auth: AuthContext): Promise<ChannelView[]> {
    return (await this.connections.list(auth.tenantId)).map((row) => this.view(row));
  }

  @Get(':id')
  @ApiOkResponse({ type: ChannelView })
  async get(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<ChannelView> {
    return this.view(await this.connections.get(auth.tenantId, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a connection: name, assistant, settings (a secret left out keeps its stored value), or disable/enable it' })
  @ApiOkResponse({ type: ChannelView })
  async update(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string, @Body() dto: UpdateChannelDto): Promise<ChannelView> {
    return this.view(await this.connections.update(auth.tenantId, id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a connection for good (its conversations stay); PATCH status=disabled pauses it instead' })
  @ApiNoContentResponse()
  async delete(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<void> {
    await this.connections.delete(auth.tenantId, id);
  }

  private view(row: ChannelConnection): ChannelView {
    const schema = this.registry.hasChannel(row.type) ? this.registry.channel(row.type).options.configSchema : undefined;
    const declared = new Set(schema ? secretFieldsOf(schema) : []);
    const secretsSet = this.connections.storedSecretKeys(row).filter((key) => declared.has(key));
    const webhookPath = this.registry.hasChannel(row.type) ? this.registry.channel(row.type).options.webhookPath?.(row.id) : undefined;
    const plugin = this.registry.hasChannel(row.type) ? this.registry.channel(row.type).plugin : undefined;
    const details = plugin?.describeConnection?.({ id: row.id, config: row.config }, { publicUrl: this.options.publicUrl.replace(/\/+$/, '') }) ?? {};
    return {
      ...details,
      id: row.id,
      type: row.type,
      assistantId: row.assistantId,
      name: row.name,
      config: row.config,
      secretsSet,
      status: row.status as 'active' | 'disabled',
      ...(webhookPath ? { webhookUrl: `${this.options.publicUrl.replace(/\/+$/, '')}/${webhookPath.replace(/^\/+/, '')}` } : {}),
      createdAt: row.createdAt,
    };
  }
}
