import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

export class CreateChannelDto {
  @ApiProperty({ example: 'api', description: "Channel type: 'api', 'whatsapp', ... (installed plugins)" })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{1,40}$/, { message: 'type must be a channel type such as api or whatsapp' })
  type!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  assistantId!: string;

  @ApiPropertyOptional({ example: 'Shop app' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: "The channel's settings; secret fields are encrypted at rest and never returned" })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;
}

export class UpdateChannelDto {
  @ApiPropertyOptional({ example: 'Shop app' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  assistantId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: "The channel's whole non-secret config; a secret left out or empty keeps its stored value" })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: ['active', 'disabled'], description: 'disabled: the channel stops receiving and sending until enabled again' })
  @IsOptional()
  @IsIn(['active', 'disabled'], { message: 'status must be active or disabled' })
  status?: 'active' | 'disabled';
}

export class ChannelView {
  @ApiProperty() id!: string;
  @ApiProperty() type!: string;
  @ApiProperty() assistantId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Non-secret settings' }) config!: Record<string, unknown>;
  @ApiProperty({ type: String, isArray: true, description: 'Secret settings that are set (values are never returned)' }) secretsSet!: string[];
  @ApiProperty({ enum: ['active', 'disabled'] }) status!: 'active' | 'disabled';
  @ApiPropertyOptional({ description: 'Absolute URL a provider posts to, where the channel has one' }) webhookUrl?: string;
  @ApiPropertyOptional({ description: 'web_widget: the key the embed snippet names (public: it is on every page that embeds the widget)', example: 'wk_3f0c9a6e2b8d4c1f9e7a5b3d1c0f8e6a' }) publicKey?: string;
  @ApiPropertyOptional({ description: 'web_widget: the one script tag to paste into the website', example: '<script src="https://confab.example/widget.js" data-key="wk_3f0c..." async></script>' }) embedSnippet?: string;
  @ApiProperty() createdAt!: Date;
}
