import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsOutboundUrl } from '@confab/net';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const PARAM_TYPES = ['string', 'number', 'boolean', 'enum'] as const;

export class HttpToolParameterDto {
  @ApiProperty({ example: 'orderId' }) @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { message: 'parameter name must be letters, digits and _' }) name!: string;
  @ApiProperty({ enum: PARAM_TYPES }) @IsIn(PARAM_TYPES) type!: (typeof PARAM_TYPES)[number];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() required?: boolean;
  @ApiPropertyOptional({ description: 'Tells the model what to put here' }) @IsOptional() @IsString() @Length(1, 500) description?: string;
  @ApiPropertyOptional({ type: String, isArray: true, description: "Allowed values: required for type 'enum' (non-empty, unique), also allowed on 'string'" })
  @IsOptional() @IsArray() @IsString({ each: true }) @ArrayMaxSize(100) enum?: string[];
  @ApiPropertyOptional({ enum: ['path', 'query', 'body'], description: 'Default: path when the URL has {name}, else query for GET/DELETE and body otherwise' })
  @IsOptional() @IsIn(['path', 'query', 'body']) in?: 'path' | 'query' | 'body';
}

export class HttpToolHeaderDto {
  @ApiProperty({ example: 'Authorization' }) @Matches(/^[A-Za-z0-9-]{1,100}$/, { message: 'header name must be letters, digits and -' }) name!: string;
  @ApiProperty({ example: 'Bearer sk_live_...' }) @IsString() @Length(1, 4096) value!: string;
  @ApiPropertyOptional({ description: 'Encrypted at rest and never returned. Always on for headers named like a credential (Authorization, Cookie, anything containing key, token, secret, auth, password, session, signature)' })
  @IsOptional() @IsBoolean() secret?: boolean;
}

/** What creating and editing an HTTP tool share: everything but its name and headers. */
export class HttpToolFieldsDto {
  @ApiProperty({ example: 'Look up the status of an order by its number.' }) @IsString() @Length(10, 1000) description!: string;
  @ApiProperty({ enum: HTTP_METHODS }) @IsIn(HTTP_METHODS) method!: (typeof HTTP_METHODS)[number];
  @ApiProperty({ example: 'https://shop.example.com/api/orders/{orderId}' })
  @IsOutboundUrl({ placeholders: true })
  url!: string;
  @ApiProperty({ type: HttpToolParameterDto, isArray: true }) @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => HttpToolParameterDto) parameters!: HttpToolParameterDto[];
  @ApiPropertyOptional({ minimum: 100, maximum: 30000, default: 10000 }) @IsOptional() @IsInt() @Min(100) @Max(30_000) timeoutMs?: number;
  @ApiPropertyOptional({ type: String, isArray: true, example: ['status', 'delivery.eta'], description: 'Keep only these fields (dot paths) of a JSON response' })
  @IsOptional() @IsArray() @IsString({ each: true }) @ArrayMaxSize(50) responseFields?: string[];
}

export class CreateHttpToolDto extends HttpToolFieldsDto {
  @ApiProperty({ example: 'get_order_status' }) @Matches(/^[a-z][a-z0-9_]{1,63}$/, { message: 'name must be snake_case (a-z, 0-9, _)' }) name!: string;
  @ApiPropertyOptional({ type: HttpToolHeaderDto, isArray: true, description: 'Also accepted: a plain {"Header": "value"} object; credential headers in it are secret too' })
  @Transform(({ obj }) => {
    const raw = obj.headers;
    const toDto = (h: unknown) => (h && typeof h === 'object' ? Object.assign(new HttpToolHeaderDto(), h) : h);
    if (Array.isArray(raw)) return raw.map(toDto);
    if (!raw || typeof raw !== 'object') return raw;
    return Object.entries(raw as Record<string, unknown>).map(([name, value]) => toDto({ name, value: String(value) }));
  })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) headers?: HttpToolHeaderDto[];
}

export class UpdateHttpToolHeaderDto {
  @ApiProperty({ example: 'Authorization' }) @Matches(/^[A-Za-z0-9-]{1,100}$/, { message: 'header name must be letters, digits and -' }) name!: string;
  @ApiPropertyOptional({ description: "Leave out for a secret header to keep its stored value; required for any other header" })
  @IsOptional() @IsString() @Length(1, 4096) value?: string;
  @ApiPropertyOptional({ description: 'As when creating; credential-named headers are always secret' }) @IsOptional() @IsBoolean() secret?: boolean;
}

/**
 * The whole definition again, except the name (it is the tool's id on assistants). A secret header sent without a
 * value keeps the value stored for that name, so an edit never needs the secret typed again.
 */
export class UpdateHttpToolDto extends HttpToolFieldsDto {
  @ApiPropertyOptional({ type: UpdateHttpToolHeaderDto, isArray: true, description: 'Replaces all headers; headers left out are removed (their stored secrets too)' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => UpdateHttpToolHeaderDto) headers?: UpdateHttpToolHeaderDto[];
}

export class TestHttpToolDto {
  @ApiProperty({ type: 'object', additionalProperties: true, example: { orderId: 'A-1001' } }) @IsObject() args!: Record<string, unknown>;
}
