import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { configJsonSchema, PluginRegistry } from '@confab/plugin-sdk';

export class ChannelTypeCapabilitiesView {
  @ApiProperty() templates!: boolean;
  @ApiProperty() deliveryReceipts!: boolean;
  @ApiProperty() readReceipts!: boolean;
  @ApiProperty() typingIndicator!: boolean;
  @ApiProperty() maxTextLength!: number;
  @ApiProperty({ type: String, isArray: true }) media!: string[];
  @ApiProperty({ example: 'whatsapp' }) formatting!: string;
  @ApiPropertyOptional({ description: 'Hours after the customer last wrote in which free-form replies are allowed' }) serviceWindowHours?: number;
  @ApiProperty({ description: 'The channel can show a reply while it is being written' }) streaming!: boolean;
}

export class ChannelTypeView {
  @ApiProperty({ example: 'whatsapp' }) type!: string;
  @ApiProperty({ example: 'WhatsApp' }) displayName!: string;
  @ApiProperty({ type: Object, description: "JSON Schema of a connection's config; secrets are marked writeOnly (never returned)" })
  configSchema!: Record<string, unknown>;
  @ApiProperty({ description: 'The provider posts to a per-connection webhook URL (shown on the created channel)' }) hasWebhook!: boolean;
  @ApiProperty({ description: 'How replies should be formatted on this channel; shown next to a system prompt' }) formattingGuidance!: string;
  @ApiProperty({ type: ChannelTypeCapabilitiesView }) capabilities!: ChannelTypeCapabilitiesView;
}

/**
 * The channel types this server has plugins for, with the JSON Schema of their config, so the dashboard builds a
 * channel's settings form from the plugin alone and a new channel plugin needs no dashboard code.
 */
@ApiTags('Channels')
@ApiBearerAuth()
@Controller('api/v1/channel-types')
export class ChannelTypesController {
  constructor(private readonly registry: PluginRegistry) {}

  @Get()
  @ApiOkResponse({ type: ChannelTypeView, isArray: true })
  list(): ChannelTypeView[] {
    return this.registry.channels().map(({ options, plugin }) => {
      const c = plugin.capabilities;
      return {
        type: options.type,
        displayName: options.displayName ?? options.type,
        configSchema: configJsonSchema(options.configSchema),
        hasWebhook: Boolean(options.webhookPath),
        formattingGuidance: plugin.formattingGuidance,
        capabilities: {
          templates: c.templates,
          deliveryReceipts: c.deliveryReceipts,
          readReceipts: c.readReceipts,
          typingIndicator: c.typingIndicator,
          maxTextLength: c.maxTextLength,
          media: [...c.media],
          formatting: c.formatting,
          serviceWindowHours: c.serviceWindowHours,
          streaming: Boolean(c.streaming),
        },
      };
    });
  }
}
