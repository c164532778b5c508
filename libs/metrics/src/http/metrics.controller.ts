import { Controller, Get, HttpCode, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, PlatformAdmin, type AuthContext } from '@confab/plugin-sdk';
import { MetricsQuery } from '../query/metrics-query';
import { MetricsProjector } from '../projector/metrics-projector';
import { MetricsQueryDto, MetricsView, RebuildView } from './metrics.dto';

@ApiTags('Metrics')
@ApiBearerAuth()
@Controller('api/v1/metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsQuery) {}

  @Get()
  @ApiOkResponse({ type: MetricsView, description: 'Figures over a date range from the metrics read-model (docs/metrics.md defines each)' })
  get(@CurrentAuth() auth: AuthContext, @Query() q: MetricsQueryDto): Promise<MetricsView> {
    return this.metrics.run(auth.tenantId, q);
  }
}

@ApiTags('Metrics (platform admin)')
@ApiBearerAuth()
@PlatformAdmin()
@Controller('api/v1/admin/metrics')
export class MetricsAdminController {
  constructor(private readonly projector: MetricsProjector) {}

  @Post('rebuild')
  @HttpCode(200)
  @ApiQuery({ name: 'tenantId', required: false, description: 'Rebuild only this tenant (default: all)' })
  @ApiOkResponse({ type: RebuildView, description: 'The rollups were recomputed from the event log' })
  rebuild(@Query('tenantId', new ParseUUIDPipe({ optional: true })) tenantId?: string): Promise<RebuildView> {
    return this.projector.rebuild(tenantId);
  }
}
