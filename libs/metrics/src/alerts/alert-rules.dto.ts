import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

export const ALERT_METRICS = ['response_time_p95', 'error_rate', 'failed_deliveries', 'unanswered', 'cost'] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

/** A day: the windows read recent rows directly, so they stay short. */
export const MAX_WINDOW_MINUTES = 1440;

export class CreateAlertRuleDto {
  @ApiProperty({ example: 'Replies slow' }) @IsString({ message: 'name must be a string' }) @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name!: string;

  @ApiProperty({ enum: ALERT_METRICS })
  @IsIn(ALERT_METRICS, { message: `metric must be one of ${ALERT_METRICS.join(', ')}` })
  metric!: AlertMetric;

  @ApiProperty({ example: 5000, description: 'Fires when the value is above it: ms for response_time_p95, 0..1 for error_rate, a count for failed_deliveries and unanswered, USD for cost' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'threshold must be a number' }) @Min(0, { message: 'threshold must be >= 0' })
  threshold!: number;

  @ApiProperty({ example: 15 })
  @IsInt({ message: 'windowMinutes must be an integer' }) @Min(1, { message: 'windowMinutes must be >= 1' }) @Max(MAX_WINDOW_MINUTES, { message: `windowMinutes must be <= ${MAX_WINDOW_MINUTES}` })
  windowMinutes!: number;

  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'assistantId must be a UUID' }) assistantId?: string;

  @ApiPropertyOptional({ example: 'whatsapp' }) @IsOptional() @IsString({ message: 'channel must be a string' }) @Length(1, 50, { message: 'channel must be 1 to 50 characters' })
  channel?: string;

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean({ message: 'enabled must be a boolean' }) enabled?: boolean;
}

export class UpdateAlertRuleDto {
  @ApiPropertyOptional() @IsOptional() @IsString({ message: 'name must be a string' }) @Length(1, 200, { message: 'name must be 1 to 200 characters' }) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'threshold must be a number' }) @Min(0, { message: 'threshold must be >= 0' }) threshold?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt({ message: 'windowMinutes must be an integer' }) @Min(1, { message: 'windowMinutes must be >= 1' }) @Max(MAX_WINDOW_MINUTES, { message: `windowMinutes must be <= ${MAX_WINDOW_MINUTES}` }) windowMinutes?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean({ message: 'enabled must be a boolean' }) enabled?: boolean;
}

export class AlertRuleView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ALERT_METRICS }) metric!: string;
  @ApiProperty() threshold!: number;
  @ApiProperty() windowMinutes!: number;
  @ApiPropertyOptional({ nullable: true }) assistantId!: string | null;
  @ApiPropertyOptional({ nullable: true }) channel!: string | null;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ enum: ['ok', 'firing'] }) state!: string;
  @ApiPropertyOptional({ nullable: true }) lastValue!: number | null;
  @ApiPropertyOptional({ nullable: true }) lastEvaluatedAt!: Date | null;
  @ApiProperty() createdAt!: Date;
}

export class AlertEventView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['firing', 'resolved'] }) state!: string;
  @ApiProperty() value!: number;
  @ApiProperty() threshold!: number;
  @ApiProperty() at!: Date;
}
