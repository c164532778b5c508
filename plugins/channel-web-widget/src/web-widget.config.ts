import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, MinLength, ValidateNested,
} from 'class-validator';
import { Secret } from '@confab/plugin-sdk';
import { IsWebOrigin } from './origins';

/** Which fields a visitor fills in before the first message. */
export class PreChatFormConfig {
  // The defaults let a generated form start with both switches off, so turning one on still sends both.
  @ApiProperty({ description: 'Ask for a name', default: false }) @IsBoolean() name!: boolean;
  @ApiProperty({ description: 'Ask for an email address', default: false }) @IsBoolean() email!: boolean;
}

/** Per-minute ceilings; each replaces the default named beside it. 0 turns a limit off. */
export class WidgetLimitsConfig {
  @ApiPropertyOptional({ default: 10, description: 'New sessions per minute from one IP address (IPv6: per /64)' })
  @IsOptional() @IsInt() @Min(0) @Max(100_000) sessionsPerMinutePerIp?: number;

  @ApiPropertyOptional({ default: 10, description: 'New sessions per minute for one returning visitor id' })
  @IsOptional() @IsInt() @Min(0) @Max(100_000) sessionsPerMinutePerVisitor?: number;

  @ApiPropertyOptional({ default: 300, description: 'New sessions per minute on this connection, all visitors together' })
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000) sessionsPerMinutePerConnection?: number;

  @ApiPropertyOptional({ default: 20, description: 'Messages per minute from one visitor (or verified user)' })
  @IsOptional() @IsInt() @Min(0) @Max(100_000) messagesPerMinutePerVisitor?: number;

  @ApiPropertyOptional({ default: 60, description: 'Messages per minute from one IP address (IPv6: per /64)' })
  @IsOptional() @IsInt() @Min(0) @Max(100_000) messagesPerMinutePerIp?: number;

  @ApiPropertyOptional({ default: 600, description: 'Messages per minute on this connection, all visitors together' })
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000) messagesPerMinutePerConnection?: number;

  @ApiPropertyOptional({ default: 2000, minimum: 1, maximum: 4000, description: 'Longest message a visitor may send, in characters' })
  @IsOptional() @IsInt() @Min(1) @Max(4000) maxMessageLength?: number;
}

export const WIDGET_LIMIT_DEFAULTS: Required<WidgetLimitsConfig> = {
  sessionsPerMinutePerIp: 10,
  sessionsPerMinutePerVisitor: 10,
  sessionsPerMinutePerConnection: 300,
  messagesPerMinutePerVisitor: 20,
  messagesPerMinutePerIp: 60,
  messagesPerMinutePerConnection: 600,
  maxMessageLength: 2000,
};

/** One website widget connected to an assistant. Only `identitySecret` is secret: everything else reaches browsers. */
export class WebWidgetConfig {
  @ApiProperty({ example: ['https://shop.example'], description: 'Pages on these origins (scheme://host[:port], no path) may run the widget; exact match' })
  @IsArray() @ArrayMinSize(1, { message: 'allowedOrigins must list at least one origin, such as https://shop.example' }) @ArrayMaxSize(50)
  @IsWebOrigin({ each: true })
  allowedOrigins!: string[];

  @ApiPropertyOptional({ description: 'Signs visitor identities: the host page passes HMAC-SHA256(userId, identitySecret) as hex. Secret: never returned.' })
  @IsOptional() @IsString() @MinLength(16, { message: 'identitySecret must be at least 16 characters' }) @Length(16, 256) @Secret()
  identitySecret?: string;

  @ApiPropertyOptional({ default: false, description: 'Refuse visitors without a valid signed identity (needs identitySecret)' })
  @IsOptional() @IsBoolean()
  requireIdentity?: boolean;

  @ApiPropertyOptional({ enum: ['auto', 'de', 'en'], default: 'auto', description: "auto: the page's or the browser's language" })
  @IsOptional() @IsIn(['auto', 'de', 'en'], { message: 'language must be auto, de or en' })
  language?: 'auto' | 'de' | 'en';

  @ApiPropertyOptional({ example: 'Questions? We are here.', maxLength: 80 })
  @IsOptional() @IsString() @Length(1, 80)
  title?: string;

  @ApiPropertyOptional({ example: 'Hi! How can I help?', maxLength: 500, description: 'Shown as the first line of a new chat (not stored as a message)' })
  @IsOptional() @IsString() @Length(1, 500)
  greeting?: string;

  @ApiPropertyOptional({ example: '#1f6feb', description: 'Accent colour as #rrggbb' })
  @IsOptional() @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'color must be a hex colour such as #1f6feb' })
  color?: string;

  @ApiPropertyOptional({ enum: ['right', 'left'], default: 'right' })
  @IsOptional() @IsIn(['right', 'left'], { message: 'position must be right or left' })
  position?: 'right' | 'left';

  @ApiPropertyOptional({ type: PreChatFormConfig, nullable: true, description: 'Ask for name and/or email before the first message' })
  @IsOptional() @ValidateNested() @Type(() => PreChatFormConfig)
  preChatForm?: PreChatFormConfig;

  @ApiPropertyOptional({ maxLength: 500, description: 'Shown while a human owns the chat and nobody answers (the widget decides when)' })
  @IsOptional() @IsString() @Length(1, 500)
  awayText?: string;

  @ApiPropertyOptional({ type: WidgetLimitsConfig, description: 'Abuse limits; defaults: 10 sessions/min per IP, 20 messages/min per visitor, 600/min per connection' })
  @IsOptional() @ValidateNested() @Type(() => WidgetLimitsConfig)
  limits?: WidgetLimitsConfig;
}

export function limitsOf(config: Pick<WebWidgetConfig, 'limits'>): Required<WidgetLimitsConfig> {
  return { ...WIDGET_LIMIT_DEFAULTS, ...config.limits };
}
