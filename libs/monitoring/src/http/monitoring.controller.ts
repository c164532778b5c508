import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, type AuthContext } from '@confab/plugin-sdk';
import { UnansweredQuery } from '../unanswered/unanswered.query';
import { UnansweredListView, UnansweredQueryDto } from '../unanswered/unanswered.dto';
import { TraceQuery } from '../trace/trace.query';
import { MessageTraceView, StageStatsQueryDto, StageStatsView } from '../trace/trace.dto';

@ApiTags('Monitoring')
@ApiBearerAuth()
@Controller('api/v1')
export class MonitoringController {
  constructor(
    private readonly unanswered: UnansweredQuery,
    private readonly traces: TraceQuery,
  ) {}

  @Get('unanswered')
  @ApiOkResponse({ type: UnansweredListView, description: 'Customer messages that got no AI reply, with the reason and how to retry (docs/monitoring.md)' })
  list(@CurrentAuth() auth: AuthContext, @Query() q: UnansweredQueryDto): Promise<UnansweredListView> {
    return this.unanswered.list(auth.tenantId, q);
  }

  @Get('messages/:id/trace')
  @ApiOkResponse({ type: MessageTraceView, description: "A customer message's pipeline stages in time order; 404 for an unknown message, 400 for one not from a customer" })
  trace(@CurrentAuth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string): Promise<MessageTraceView> {
    return this.traces.trace(auth.tenantId, id);
  }

  @Get('traces/stats')
  @ApiOkResponse({ type: StageStatsView, description: 'p50/p95 per pipeline stage over at most 31 days' })
  stats(@CurrentAuth() auth: AuthContext, @Query() q: StageStatsQueryDto): Promise<StageStatsView> {
    return this.traces.stageStats(auth.tenantId, q);
  }
}
