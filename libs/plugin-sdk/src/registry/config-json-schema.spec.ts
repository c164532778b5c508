import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { Secret } from '../channel/channel.decorator';
import { configJsonSchema } from './config-json-schema';

class Limits {
  @ApiPropertyOptional({ description: 'Messages per minute' })
  @IsOptional() @IsInt() @Min(1) @Max(600)
  perMinute?: number;
}

class Example {
  @ApiProperty({ description: 'Shown to the customer' })
  @IsString() @Length(2, 40)
  greeting!: string;

  @ApiProperty({ description: 'Bot token (secret)' })
  @IsString() @Secret()
  token!: string;

  @ApiPropertyOptional({ default: 'blue' })
  @IsOptional() @IsIn(['blue', 'green'])
  colour?: string;

  @IsOptional() @IsBoolean()
  enabled?: boolean = true;

  @IsOptional() @IsArray() @IsString({ each: true })
  tags?: string[];

  @ApiPropertyOptional({ type: Limits })
  @IsOptional() @ValidateNested() @Type(() => Limits)
  limits?: Limits;
}

describe('configJsonSchema', () => {
  const schema = configJsonSchema(Example) as { properties: Record<string, Record<string, unknown>>; required?: string[] };

  it('takes types and limits from the validators and the required fields from what is not optional', () => {
    expect(schema.properties.greeting).toMatchObject({ type: 'string', minLength: 2, maxLength: 40, description: 'Shown to the customer' });
    expect(schema.properties.colour).toMatchObject({ enum: ['blue', 'green'], default: 'blue' });
    expect(schema.properties.tags).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(schema.required?.sort()).toEqual(['greeting', 'token']);
  });

  it('marks secrets write-only, so a form never expects them back', () => {
    expect(schema.properties.token.writeOnly).toBe(true);
    expect(schema.properties.greeting.writeOnly).toBeUndefined();
  });

  it('reads property initialisers as defaults', () => {
    expect(schema.properties.enabled).toMatchObject({ type: 'boolean', default: true });
  });

  it('inlines nested config classes so the schema stands alone', () => {
    expect(JSON.stringify(schema)).not.toContain('$ref');
    expect(schema.properties.limits).toMatchObject({
      type: 'object',
      properties: { perMinute: { type: 'integer', minimum: 1, maximum: 600, description: 'Messages per minute' } },
    });
  });
});
