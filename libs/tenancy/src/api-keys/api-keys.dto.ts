import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { API_KEY_SCOPES, type ApiKeyScope } from '@confab/plugin-sdk';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'CRM integration' })
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiPropertyOptional({ enum: API_KEY_SCOPES, isArray: true, default: ['admin'] })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes?: ApiKeyScope[];
}

export class ApiKeyView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'First characters of the key, to tell keys apart' }) prefix!: string;
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true }) scopes!: ApiKeyScope[];
  @ApiProperty() createdAt!: Date;
  @ApiPropertyOptional({ nullable: true }) lastUsedAt?: Date | null;
  @ApiPropertyOptional({ nullable: true }) revokedAt?: Date | null;
}

export class IssuedApiKeyView extends ApiKeyView {
  @ApiProperty({ description: 'The full key. Shown once; store it now.' }) apiKey!: string;
}
