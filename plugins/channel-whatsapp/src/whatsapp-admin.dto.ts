import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsOptional, IsString, Length, Matches, ValidateBy, ValidateNested, type ValidationOptions } from 'class-validator';
import { IsVariables, type TemplateParameters } from '@confab/plugin-sdk';

/** Meta's rule for {{named}} placeholders: lowercase letters, digits and underscores. */
const PARAMETER_NAME = /^[a-z0-9_]{1,100}$/;
const isScalar = (v: unknown) => (typeof v === 'string' && v.length > 0) || typeof v === 'number' || typeof v === 'boolean';

/** Positional values (or Graph parameter objects) in an array, or named values in an object; nothing else. */
export function isTemplateParameters(value: unknown): value is TemplateParameters {
  if (Array.isArray(value)) return value.length <= 100 && value.every((v) => isScalar(v) || (typeof v === 'object' && v !== null && !Array.isArray(v)));
  if (typeof value !== 'object' || value === null) return false;
  const entries = Object.entries(value);
  return entries.length <= 100 && entries.every(([name, v]) => PARAMETER_NAME.test(name) && isScalar(v));
}

function IsTemplateParameters(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isTemplateParameters', validator: { validate: isTemplateParameters } }, {
    message: 'parameters must be an array of values for {{1}}, {{2}}, ... or an object of named values such as {"order_id": "A-1042"} (names: lowercase letters, digits, underscores)',
    ...options,
  });
}

export class TemplateRefDto {
  @ApiProperty({ example: 'order_update' }) @IsString() @Length(1, 512) name!: string;
  @ApiProperty({ example: 'en_US' }) @IsString() @Matches(/^[a-z]{2,3}(_[A-Z]{2})?$/, { message: 'language must be a template language code such as en_US or de' }) language!: string;
  @ApiPropertyOptional({
    oneOf: [{ type: 'array', items: {} }, { type: 'object', additionalProperties: { type: 'string' } }],
    example: ['Ana', 'A-1042'],
    description: 'Body parameters: values in order for {{1}}, {{2}}, ..., or for a template with named placeholders an object such as {"customer_name": "Ana", "order_id": "A-1042"} (sent as parameter_name)',
  })
  @IsOptional() @IsTemplateParameters() parameters?: TemplateParameters;
}

export class SendTemplateDto {
  @ApiProperty({ example: '+4915123456789', description: 'The customer phone number, international format' })
  @Matches(/^\+?[1-9]\d{6,14}$/, { message: 'to must be a phone number in international format, e.g. +4915123456789' })
  to!: string;

  @ApiProperty({ type: TemplateRefDto }) @ValidateNested() @Type(() => TemplateRefDto) template!: TemplateRefDto;

  @ApiPropertyOptional({ type: Object, example: { orderId: 'A-1042' }, description: 'Context for the assistant (conversation variables, source api)' })
  @IsOptional() @IsVariables() variables?: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'Ana' }) @IsOptional() @IsString() @Length(1, 200) customerName?: string;
}

export class TemplateView {
  @ApiProperty({ example: 'order_update' }) name!: string;
  @ApiProperty({ example: 'en_US' }) language!: string;
  @ApiProperty({ example: 'UTILITY', description: "Meta's category (MARKETING, UTILITY, AUTHENTICATION); empty when Meta gave none" }) category!: string;
  @ApiProperty({ example: 'APPROVED', description: "Meta's review status (APPROVED, PENDING, REJECTED, PAUSED, ...); only APPROVED templates can be sent" }) status!: string;
  @ApiPropertyOptional({ example: '1234567890', description: "Meta's template id" }) id?: string;
  @ApiProperty({ type: Object, isArray: true, description: 'The template components (header, body, footer, buttons) as the WhatsApp Business API describes them' })
  components!: unknown[];
}

export class TemplatesView {
  @ApiProperty({ type: TemplateView, isArray: true, description: 'The templates as of the last sync' }) @IsArray() templates!: TemplateView[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the list was last synced from WhatsApp; null if never' }) syncedAt!: string | null;
}

export class QueuedTemplateMessageView {
  @ApiProperty({ format: 'uuid', description: "The customer's open conversation on this channel, or the one this message starts" }) conversationId!: string;
  @ApiProperty({ format: 'uuid', description: 'The stored outbound message; its delivery status follows on the conversation' }) messageId!: string;
}

export class ConnectionErrorView {
  @ApiProperty({ example: '131026' }) code!: string;
  @ApiProperty({ example: 'Message undeliverable' }) title!: string;
  @ApiPropertyOptional() details?: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
}

export class WhatsAppHealthView {
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When Meta last posted a signed notification (to the minute); null if never' }) lastWebhookAt!: string | null;
  @ApiProperty({ type: ConnectionErrorView, nullable: true, description: 'The last error Meta reported in a notification; null if none' }) lastError!: ConnectionErrorView | null;
  @ApiProperty({ type: String, nullable: true, example: 'GREEN', description: "The number's quality rating (GREEN, YELLOW, RED, UNKNOWN) as the Graph API reports it now; null when it did not answer" }) qualityRating!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'TIER_1K', description: 'Business-initiated conversations allowed per 24 h (TIER_250, TIER_1K, TIER_10K, TIER_100K, TIER_UNLIMITED); null when not reported' }) messagingLimitTier!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+49 30 1234567' }) displayPhoneNumber!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Confab Test Business' }) verifiedName!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the Graph API fields are missing, in words; null when it answered' }) providerError!: string | null;
}
