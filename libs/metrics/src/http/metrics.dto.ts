import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { MoneyView } from '@confab/assistants';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class MetricsQueryDto {
  @ApiPropertyOptional({ example: '2026-12-01', description: "First day, inclusive (YYYY-MM-DD, the tenant's timezone). Default: 29 days before `to`." })
  @IsOptional() @Matches(DATE, { message: 'from must be a date as YYYY-MM-DD' }) from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: "Last day, inclusive (YYYY-MM-DD, the tenant's timezone). Default: today." })
  @IsOptional() @Matches(DATE, { message: 'to must be a date as YYYY-MM-DD' }) to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this assistant (another tenant\'s id matches nothing)' })
  @IsOptional() @IsUUID(undefined, { message: 'assistantId must be a UUID' }) assistantId?: string;

  @ApiPropertyOptional({ example: 'whatsapp', description: 'Only this channel type' })
  @IsOptional() @IsString() @Length(1, 40) channel?: string;

  @ApiPropertyOptional({ default: false, description: 'Count test chats (tagged `test`) too; they are left out by default' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean({ message: 'includeTest must be true or false' })
  includeTest?: boolean;

  @ApiPropertyOptional({ enum: ['assistant', 'channel', 'day'], description: 'What `groups` splits the totals by (none: no groups)' })
  @IsOptional() @IsIn(['assistant', 'channel', 'day'], { message: 'groupBy must be one of assistant, channel, day' }) groupBy?: 'assistant' | 'channel' | 'day';

  @ApiPropertyOptional({ enum: ['day', 'hour'], description: '`series` resolution; default hour for a single day, else day. Hourly series cover at most 31 days.' })
  @IsOptional() @IsIn(['day', 'hour'], { message: 'interval must be day or hour' }) interval?: 'day' | 'hour';
}

export class ResponseTimeView {
  @ApiProperty({ nullable: true, type: Number, example: 1840, description: 'Mean in whole milliseconds (exact: sum / count)' }) mean!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 1500, description: 'Median, from the histogram (within 2%)' }) p50!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 4200, description: '95th percentile, from the histogram (within 2%)' }) p95!: number | null;
  @ApiProperty({ example: 12, description: 'Replies measured' }) count!: number;
}

export class MessagesByAuthorView {
  @ApiProperty() customer!: number;
  @ApiProperty() assistant!: number;
  @ApiProperty() agent!: number;
  @ApiProperty({ description: 'Template messages sent by the platform' }) system!: number;
}

export class CostByKindView {
  @ApiProperty({ type: MoneyView }) llm!: MoneyView;
  @ApiProperty({ type: MoneyView }) embeddings!: MoneyView;
  @ApiProperty({ type: MoneyView }) channelFees!: MoneyView;
}

export class FailedDeliveriesByCodeView {
  @ApiProperty({ example: '131047', description: "The provider's error code" }) code!: string;
  @ApiProperty({ example: 2 }) count!: number;
}

export class MetricsFiguresView {
  @ApiProperty({ description: 'Conversations started' }) chats!: number;
  @ApiProperty({ description: 'Messages of every author' }) messages!: number;
  @ApiProperty() customerMessages!: number;
  @ApiProperty({ type: MessagesByAuthorView }) messagesByAuthor!: MessagesByAuthorView;
  @ApiProperty({ nullable: true, type: Number, example: 4.5, description: 'messages / chats; null without chats' }) messagesPerChat!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 0.92, description: 'answeredByAi / customer messages that expect an answer (0..1); null without any' })
  responseRate!: number | null;
  @ApiProperty({ description: 'Customer messages answered by a sent AI reply' }) answeredByAi!: number;
  @ApiProperty({ description: 'Customer messages a colleague answered instead' }) answeredByHuman!: number;
  @ApiProperty({ description: 'Customer messages still without an answer' }) unanswered!: number;
  @ApiProperty({ type: ResponseTimeView }) responseTimeMs!: ResponseTimeView;
  @ApiProperty({ type: MoneyView }) totalCost!: MoneyView;
  @ApiProperty({ type: MoneyView, nullable: true, description: 'totalCost / chats; null without chats' }) costPerChat!: MoneyView | null;
  @ApiProperty({ type: CostByKindView }) costByKind!: CostByKindView;
  @ApiProperty() failedDeliveries!: number;
  @ApiProperty({ type: FailedDeliveriesByCodeView, isArray: true }) failedDeliveriesByCode!: FailedDeliveriesByCodeView[];
  @ApiProperty({ description: 'Conversations handed over to a human' }) handoffs!: number;
}

export class MetricsGroupView extends MetricsFiguresView {
  @ApiProperty({ example: 'whatsapp', description: 'The assistant id, channel type or day (YYYY-MM-DD) of the group' }) key!: string;
}

export class MetricsSeriesPointView extends MetricsFiguresView {
  @ApiProperty({ example: '2026-12-06', description: "The day (YYYY-MM-DD) or hour (YYYY-MM-DDTHH:00) in the tenant's timezone" }) key!: string;
}

export class MetricsView {
  @ApiProperty({ example: '2026-12-01' }) from!: string;
  @ApiProperty({ example: '2026-12-31' }) to!: string;
  @ApiProperty({ example: 'Europe/Berlin', description: "The tenant's timezone the days are counted in" }) timezone!: string;
  @ApiProperty() includeTest!: boolean;
  @ApiProperty({ nullable: true, type: String, enum: ['assistant', 'channel', 'day'] }) groupBy!: string | null;
  @ApiProperty({ enum: ['day', 'hour'] }) interval!: 'day' | 'hour';
  @ApiProperty({ type: MetricsFiguresView }) totals!: MetricsFiguresView;
  @ApiProperty({ type: MetricsGroupView, isArray: true }) groups!: MetricsGroupView[];
  @ApiProperty({ type: MetricsSeriesPointView, isArray: true, description: 'One point per day or hour of the range, zeros included' }) series!: MetricsSeriesPointView[];
  @ApiProperty({ type: FailedDeliveriesByCodeView, isArray: true, description: 'Same as totals.failedDeliveriesByCode' }) failedDeliveriesByCode!: FailedDeliveriesByCodeView[];
}

export class RebuildView {
  @ApiProperty({ nullable: true, type: String, description: 'The tenant rebuilt, or null for all' }) tenantId!: string | null;
  @ApiProperty({ description: 'Events replayed from the log' }) events!: number;
}
