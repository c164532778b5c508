import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { Db } from '@confab/persistence';
import { CurrentAuth, IsIsoDate, IsNotBefore, ValidationFailed, type AuthContext } from '@confab/plugin-sdk';

export class ToolStatsQueryDto {
  @ApiPropertyOptional({ description: 'From (inclusive, ISO 8601); default 30 days ago' }) @IsOptional() @IsIsoDate() from?: Date;
  @ApiPropertyOptional({ description: 'To (exclusive, ISO 8601); default now' }) @IsOptional() @IsIsoDate() @IsNotBefore('from') to?: Date;
}

export class ToolStatView {
  @ApiProperty() name!: string;
  @ApiProperty() calls!: number;
  @ApiProperty({ description: 'Calls that ended in an error (including invalid arguments and timeouts)' }) errors!: number;
  @ApiProperty({ description: 'Calls whose arguments or values failed validation' }) invalid!: number;
  @ApiProperty() p50DurationMs!: number;
  @ApiProperty() p95DurationMs!: number;
  @ApiProperty() maxDurationMs!: number;
}

/** The tool-call audit, aggregated: how often each tool runs, how often it fails, and how long it takes (X6). */
@ApiTags('Tools')
@ApiBearerAuth()
@Controller('api/v1/tools/stats')
export class ToolStatsController {
  constructor(private readonly db: Db) {}

  @Get()
  @ApiOkResponse({ type: ToolStatView, isArray: true })
  async stats(@CurrentAuth() auth: AuthContext, @Query() q: ToolStatsQueryDto): Promise<ToolStatView[]> {
    const to = q.to ?? new Date();
    const from = q.from ?? new Date(to.getTime() - 30 * 86_400_000);
    if (from >= to) throw new ValidationFailed('from must be before to', 'from');
    const rows: Array<Record<string, string | number>> = await this.db.forTenant(auth.tenantId).getConnection().execute(
      `select name, count(*) as calls,
              count(*) filter (where error is not null) as errors,
              count(*) filter (where validation = 'invalid') as invalid,
              percentile_disc(0.5) within group (order by duration_ms) as p50,
              percentile_disc(0.95) within group (order by duration_ms) as p95,
              max(duration_ms) as max
         from tool_calls where tenant_id = ? and created_at >= ? and created_at < ?
        group by name order by count(*) desc, name`,
      [auth.tenantId, from, to],
    );
    return rows.map((r) => ({
      name: String(r.name), calls: Number(r.calls), errors: Number(r.errors), invalid: Number(r.invalid),
      p50DurationMs: Number(r.p50), p95DurationMs: Number(r.p95), maxDurationMs: Number(r.max),
    }));
  }
}
