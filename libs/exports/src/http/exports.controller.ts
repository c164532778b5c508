import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiProperty, ApiForbiddenResponse, ApiGoneResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Min } from 'class-validator';
import type { Response } from 'express';
import { CurrentAuth, Public, RequireScope, type AuthContext } from '@confab/plugin-sdk';
import { ExportService, contentType, exportRequest, fileName } from '../export.service';
import { ExportJobs } from '../jobs/export-jobs.service';
import type { ExportLevel } from '../query/export-columns';
import { CreateExportDto, ExportQueryDto } from './exports.dto';
import { CreatedExportView, ExportView } from './export.views';
import { sendExport } from './send-export';
import { ChunkPool } from '../query/copy-out';

class DownloadQueryDto {
  @ApiProperty({ description: 'Expiry instant in milliseconds since the epoch, as signed' }) @Type(() => Number) @IsInt() @Min(0) expires!: number;
  @ApiProperty({ description: 'HMAC-SHA256 of the export, its tenant and the expiry (base64url)' }) @IsString() @Length(1, 200) signature!: string;
}

const STREAMED = {
  schema: { type: 'string', format: 'binary' },
  description: 'The file as an attachment, streamed: CSV (RFC 4180, header row) or JSON Lines (one object per line)',
} as const;

@ApiTags('Exports')
@ApiBearerAuth()
@Controller('api/v1/exports')
export class ExportsController {
  constructor(
    private readonly exports: ExportService,
    private readonly jobs: ExportJobs,
  ) {}

  @Get('conversations')
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOkResponse({ ...STREAMED, description: `${STREAMED.description}; one row per conversation` })
  conversations(@CurrentAuth() auth: AuthContext, @Query() q: ExportQueryDto, @Res() res: Response): Promise<void> {
    return this.stream(auth, 'conversations', q, res);
  }

  @Get('messages')
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOkResponse({ ...STREAMED, description: `${STREAMED.description}; one row per message of the filtered conversations` })
  messages(@CurrentAuth() auth: AuthContext, @Query() q: ExportQueryDto, @Res() res: Response): Promise<void> {
    return this.stream(auth, 'messages', q, res);
  }

  @Get('tool-calls')
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOkResponse({ ...STREAMED, description: `${STREAMED.description}; one row per tool call of the filtered conversations` })
  toolCalls(@CurrentAuth() auth: AuthContext, @Query() q: ExportQueryDto, @Res() res: Response): Promise<void> {
    return this.stream(auth, 'tool-calls', q, res);
  }

  /** Same parameters as the streamed routes plus `level`; for exports too large to wait for. Read scope is enough. */
  @Post()
  @RequireScope('read')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CreatedExportView, description: 'Queued; poll GET /api/v1/exports/{id} for progress and the download link' })
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateExportDto): Promise<CreatedExportView> {
    return this.jobs.create(auth.tenantId, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: ExportView })
  get(@CurrentAuth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string): Promise<ExportView> {
    return this.jobs.view(auth.tenantId, id);
  }

  /** The link from GET /api/v1/exports/{id}: signed and expiring, so it works in a browser without the API key. */
  @Get(':id/download')
  @Public()
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOkResponse(STREAMED)
  @ApiForbiddenResponse({ description: 'The signature does not match (a changed or made-up link)' })
  @ApiGoneResponse({ description: 'The link has expired and the file is deleted' })
  async download(@Param('id', ParseUUIDPipe) id: string, @Query() q: DownloadQueryDto, @Res() res: Response): Promise<void> {
    const download = await this.jobs.openDownload(id, q.expires, q.signature);
    res.status(200);
    res.setHeader('content-type', download.contentType);
    res.setHeader('content-length', String(download.bytes));
    res.setHeader('content-disposition', `attachment; filename="${download.fileName}"`);
    res.setHeader('cache-control', 'private, no-store');
    download.file.pipe(res);
  }

  private async stream(auth: AuthContext, level: ExportLevel, q: ExportQueryDto, res: Response): Promise<void> {
    const request = exportRequest(level, q);
    const pool = new ChunkPool();
    const chunks = await this.exports.chunks(auth.tenantId, request, undefined, pool);
    await sendExport(res, chunks, { contentType: contentType(request.format.format), fileName: fileName(level, request.format.format) }, (chunk) => pool.give(chunk));
  }
}
