import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, ParseUuidParam, type AuthContext } from '@confab/plugin-sdk';
import { WebhookEndpointService } from '../webhook-endpoint.service';
import { CreatedWebhookView, CreateWebhookDto, WebhookDeliveryView, WebhookView } from './webhooks.dto';

@ApiTags('Webhooks')
@ApiBearerAuth()
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly endpoints: WebhookEndpointService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedWebhookView, description: 'The signing secret is in this response only' })
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateWebhookDto): Promise<CreatedWebhookView> {
    return this.endpoints.create(auth.tenantId, dto);
  }

  @Get()
  @ApiOkResponse({ type: WebhookView, isArray: true })
  list(@CurrentAuth() auth: AuthContext): Promise<WebhookView[]> {
    return this.endpoints.list(auth.tenantId);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: WebhookDeliveryView, isArray: true, description: 'Newest first, with every attempt' })
  deliveries(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<WebhookDeliveryView[]> {
    return this.endpoints.deliveries(auth.tenantId, id);
  }

  @Delete(':id')
  @HttpCode(204)
  async disable(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<void> {
    await this.endpoints.disable(auth.tenantId, id);
  }
}
