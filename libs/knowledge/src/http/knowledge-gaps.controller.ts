import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, ParseUuidParam, type AuthContext } from '@confab/plugin-sdk';
import { KnowledgeGapsService } from '../unanswered/knowledge-gaps.service';
import { ListKnowledgeGapsQuery, UpdateKnowledgeGapDto } from './knowledge.dto';
import { gapView, KnowledgeGapView } from './knowledge.views';

/** Questions the knowledge could not answer, grouped, most frequent first (O4, X8). */
@ApiTags('Knowledge')
@ApiBearerAuth()
@Controller('api/v1')
export class KnowledgeGapsController {
  constructor(private readonly gaps: KnowledgeGapsService) {}

  @Get('knowledge-gaps')
  @ApiOkResponse({ type: KnowledgeGapView, isArray: true })
  async list(@CurrentAuth() auth: AuthContext, @Query() query: ListKnowledgeGapsQuery): Promise<KnowledgeGapView[]> {
    return (await this.gaps.list(auth.tenantId, query)).map(({ gap, examples }) => gapView(gap, examples));
  }

  @Get('assistants/:id/knowledge-gaps')
  @ApiOkResponse({ type: KnowledgeGapView, isArray: true })
  async forAssistant(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string, @Query() query: ListKnowledgeGapsQuery): Promise<KnowledgeGapView[]> {
    return (await this.gaps.list(auth.tenantId, { ...query, assistantId: id }, { requireAssistant: true })).map(({ gap, examples }) => gapView(gap, examples));
  }

  @Patch('knowledge-gaps/:id')
  @ApiOkResponse({ type: KnowledgeGapView })
  async update(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string, @Body() dto: UpdateKnowledgeGapDto): Promise<KnowledgeGapView> {
    const gap = await this.gaps.update(auth.tenantId, id, dto);
    return gapView(gap, []);
  }
}
