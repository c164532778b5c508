import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, ParseUuidParam, type AuthContext } from '@confab/plugin-sdk';
import { WebhookDispatcher } from '../delivery/webhook-dispatcher';
import { WebhookEndpointService } from '../webhook-endpoint.service';
import { CreatedWebhookView, CreateWebhookDto, WebhookDeliveryView, WebhookView } from './webhooks.dto';

@ApiTags('Webhooks')
@ApiBearerAuth()
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpointService,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

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

  @Post(':id/deliveries/:deliveryId/resend')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: WebhookDeliveryView, description: 'Queued again: the same payload and webhook-id, a fresh round of retries logged after the earlier attempts' })
  @ApiNotFoundResponse({ description: 'No such endpoint, or no such delivery of it, in this tenant' })
  @ApiConflictResponse({ description: 'DELIVERY_PENDING while it is still being attempted; ENDPOINT_DISABLED when the endpoint is disabled' })
  async resend(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string, @Param('deliveryId', ParseUuidParam) deliveryId: string): Promise<WebhookDeliveryView> {
    await this.dispatcher.resend(auth.tenantId, id, deliveryId);
    return this.endpoints.delivery(auth.tenantId, deliveryId);
  }

  @Delete(':id')
  @HttpCode(204)
  async disable(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<void> {
    await this.endpoints.disable(auth.tenantId, id);
  }
}
