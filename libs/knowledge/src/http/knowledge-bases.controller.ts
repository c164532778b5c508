import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, ParseUuidParam, RequireScope, type AuthContext } from '@confab/plugin-sdk';
import { EmbedderRegistry } from '../embeddings/embedder-registry';
import { KnowledgeBaseService } from '../knowledge-bases/knowledge-base.service';
import { RetrievalService } from '../retrieval/retrieval.service';
import { SearchLedger } from '../retrieval/search-ledger';
import { orUnavailable } from '../knowledge-unavailable';
import { CreateKnowledgeBaseDto, SearchKnowledgeDto, UpdateKnowledgeBaseDto } from './knowledge.dto';
import { EmbeddingModelsView, knowledgeBaseView, KnowledgeBaseView, ReindexView, searchHitView, SearchResultView, UpdatedKnowledgeBaseView } from './knowledge.views';

@ApiTags('Knowledge')
@ApiBearerAuth()
@Controller('api/v1/knowledge-bases')
export class KnowledgeBasesController {
  constructor(
    private readonly kbs: KnowledgeBaseService,
    private readonly retrieval: RetrievalService,
    private readonly embedders: EmbedderRegistry,
    private readonly ledger: SearchLedger,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: KnowledgeBaseView })
  async create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateKnowledgeBaseDto): Promise<KnowledgeBaseView> {
    return knowledgeBaseView(await this.kbs.create(auth.tenantId, dto));
  }

  @Get()
  @ApiOkResponse({ type: KnowledgeBaseView, isArray: true })
  async list(@CurrentAuth() auth: AuthContext): Promise<KnowledgeBaseView[]> {
    return (await this.kbs.list(auth.tenantId)).map(knowledgeBaseView);
  }

  @Get('models')
  @ApiOkResponse({ type: EmbeddingModelsView, description: 'Embedding models this installation offers' })
  models(): EmbeddingModelsView {
    const def = this.embedders.defaultEmbedder;
    return { models: this.embedders.models.map((m) => { const e = this.embedders.get(m); return { model: m, dimension: e.dimension, kind: e.kind, default: e === def }; }) };
  }

  @Get(':id')
  @ApiOkResponse({ type: KnowledgeBaseView })
  async get(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<KnowledgeBaseView> {
    return knowledgeBaseView(await this.kbs.get(auth.tenantId, id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: UpdatedKnowledgeBaseView })
  async update(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string, @Body() dto: UpdateKnowledgeBaseDto): Promise<UpdatedKnowledgeBaseView> {
    const { kb, reindexing } = await this.kbs.update(auth.tenantId, id, dto);
    return { ...knowledgeBaseView(kb), reindexing };
  }

  @Post(':id/reindex')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ReindexView, description: 'Every document is queued for indexing again, from its stored copy' })
  async reindex(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<ReindexView> {
    return { reindexing: await this.kbs.reindex(auth.tenantId, id) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<void> {
    await this.kbs.remove(auth.tenantId, id);
  }

  /** Lets an operator try a query and see the ranked chunks an assistant would get. */
  @Post(':id/search')
  @HttpCode(200)
  @RequireScope('read')
  @ApiOkResponse({ type: SearchResultView })
  async search(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string, @Body() dto: SearchKnowledgeDto): Promise<SearchResultView> {
    await this.kbs.get(auth.tenantId, id);
    const result = await orUnavailable(() => this.retrieval.search({ tenantId: auth.tenantId, knowledgeBaseIds: [id], query: dto.query, topK: dto.topK, scoreThreshold: dto.scoreThreshold, hybrid: dto.hybrid }));
    await this.ledger.record(auth.tenantId, id, result.usage);
    return { items: result.chunks.map(searchHitView), bestScore: result.bestScore, thresholds: result.thresholds };
  }
}
