import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoDate } from '@confab/plugin-sdk';
import { IsArray, IsInt, IsObject, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { WORKING_HOURS_SCHEMA } from './calendar.views';

export class CreateCalendarDto {
  @ApiProperty({ example: 'Consultations' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ example: 'Europe/Berlin' }) @IsString() @Length(1, 64) timezone!: string;
  @ApiProperty({ example: 30 }) @IsInt() @Min(5) @Max(480) slotMinutes!: number;
  @ApiProperty({ ...WORKING_HOURS_SCHEMA, example: { mon: [['09:00', '12:00'], ['13:00', '17:00']], tue: [['09:00', '17:00']] } }) @IsObject() workingHours!: Record<string, Array<[string, string]>>;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @IsInt() @Min(0) @Max(480) bufferMinutes?: number;
  @ApiPropertyOptional({ default: 60 }) @IsOptional() @IsInt() @Min(0) @Max(43_200) minLeadMinutes?: number;
  @ApiPropertyOptional({ default: 60 }) @IsOptional() @IsInt() @Min(1) @Max(730) horizonDays?: number;
  @ApiPropertyOptional({ type: String, isArray: true, example: ['2026-12-24'] }) @IsOptional() @IsArray() @IsIsoDate({ keepText: true, dateOnly: true, each: true }) blockedDates?: string[];
}

/** Every field optional: only what is sent changes; the result must still be valid rules as a whole. */
export class UpdateCalendarDto {
  @ApiPropertyOptional({ example: 'Consultations' }) @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ example: 'Europe/Berlin' }) @IsOptional() @IsString() @Length(1, 64) timezone?: string;
  @ApiPropertyOptional({ example: 30 }) @IsOptional() @IsInt() @Min(5) @Max(480) slotMinutes?: number;
  @ApiPropertyOptional({ ...WORKING_HOURS_SCHEMA, example: { mon: [['09:00', '12:00'], ['13:00', '17:00']] }, description: 'Replaces all working hours; a weekday left out has no slots' })
  @IsOptional() @IsObject() workingHours?: Record<string, Array<[string, string]>>;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(480) bufferMinutes?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(43_200) minLeadMinutes?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(730) horizonDays?: number;
  @ApiPropertyOptional({ type: String, isArray: true, example: ['2026-12-24'], description: 'Replaces all blocked dates' })
  @IsOptional() @IsArray() @IsIsoDate({ keepText: true, dateOnly: true, each: true }) blockedDates?: string[];
}

export class RescheduleDto {
  @ApiProperty({ description: 'New slot start, ISO 8601' }) @IsIsoDate({ keepText: true }) start!: string;
}
