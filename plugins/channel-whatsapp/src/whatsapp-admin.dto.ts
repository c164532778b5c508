import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';

export class TemplateRefDto {
  @ApiProperty({ example: 'order_update' }) @IsString() @Length(1, 512) name!: string;
  @ApiProperty({ example: 'en_US' }) @IsString() @Matches(/^[a-z]{2,3}(_[A-Z]{2})?$/, { message: 'language must be a template language code such as en_US or de' }) language!: string;
  @ApiPropertyOptional({ example: ['Ana', 'A-1042'], description: 'Body parameters in order ({{1}}, {{2}}, ...), or an object of named parameters' })
  @IsOptional() parameters?: unknown[] | Record<string, unknown>;
}

export class SendTemplateDto {
  @ApiProperty({ example: '+4915123456789', description: 'The customer phone number, international format' })
  @Matches(/^\+?[1-9]\d{6,14}$/, { message: 'to must be a phone number in international format, e.g. +4915123456789' })
  to!: string;

  @ApiProperty({ type: TemplateRefDto }) @ValidateNested() @Type(() => TemplateRefDto) template!: TemplateRefDto;

  @ApiPropertyOptional({ type: Object, example: { orderId: 'A-1042' }, description: 'Context for the assistant (conversation variables, source api)' })
  @IsOptional() @IsObject() variables?: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'Ana' }) @IsOptional() @IsString() @Length(1, 200) customerName?: string;
}

export class TemplateView {
  @ApiProperty() name!: string;
  @ApiProperty() language!: string;
  @ApiProperty() category!: string;
  @ApiProperty() status!: string;
  @ApiPropertyOptional() id?: string;
  @ApiProperty({ type: Object, isArray: true }) components!: unknown[];
}

export class TemplatesView {
  @ApiProperty({ type: TemplateView, isArray: true }) @IsArray() templates!: TemplateView[];
  @ApiPropertyOptional({ nullable: true }) syncedAt!: string | null;
}
