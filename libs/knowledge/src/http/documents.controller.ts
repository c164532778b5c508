import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, ParseUuidParam, ValidationFailed, type AuthContext } from '@confab/plugin-sdk';
import { DocumentService } from '../documents/document.service';
import type { DocumentSubmission } from '../documents/document-intake';
import { AddDocumentDto } from './knowledge.dto';
import { AddedDocumentView, ChunkView, chunkView, DocumentView, documentView } from './knowledge.views';
import { UploadInterceptor } from './upload.interceptor';

interface UploadedFile {
  originalname: string;
  mimetype: string;
  buffer: Buffer;
}

@ApiTags('Knowledge')
@ApiBearerAuth()
// The upload's body schema refers to AddDocumentDto by name; this puts it in the document's components.
@ApiExtraModels(AddDocumentDto)
@Controller('api/v1/knowledge-bases/:kbId/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentService) {}

  @Post()
  @HttpCode(202)
  @UseInterceptors(UploadInterceptor)
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    description: 'multipart with a `file` (text, Markdown, HTML or PDF; optional `title`), or JSON `{title, text}` or `{url, crawlDepth?}`',
    schema: { oneOf: [{ type: 'object', properties: { file: { type: 'string', format: 'binary' }, title: { type: 'string' } } }, { $ref: '#/components/schemas/AddDocumentDto' }] },
  })
  @ApiAcceptedResponse({ type: AddedDocumentView, description: 'Queued for indexing; poll GET .../documents/{id} for status' })
  async add(@CurrentAuth() auth: AuthContext, @Param('kbId', ParseUuidParam) kbId: string, @Req() req: { file?: UploadedFile }, @Body() dto: AddDocumentDto): Promise<AddedDocumentView> {
    const added = await this.documents.add(auth.tenantId, kbId, submission(req.file, dto));
    return { ...documentView(added.document), unchanged: added.unchanged, replaced: added.replaced };
  }

  @Get()
  @ApiOkResponse({ type: DocumentView, isArray: true })
  async list(@CurrentAuth() auth: AuthContext, @Param('kbId', ParseUuidParam) kbId: string): Promise<DocumentView[]> {
    return (await this.documents.list(auth.tenantId, kbId)).map(documentView);
  }

  @Get(':id')
  @ApiOkResponse({ type: DocumentView })
  async get(@CurrentAuth() auth: AuthContext, @Param('kbId', ParseUuidParam) kbId: string, @Param('id', ParseUuidParam) id: string): Promise<DocumentView> {
    return documentView(await this.documents.get(auth.tenantId, kbId, id));
  }

  @Get(':id/chunks')
  @ApiOkResponse({ type: ChunkView, isArray: true })
  async chunks(@CurrentAuth() auth: AuthContext, @Param('kbId', ParseUuidParam) kbId: string, @Param('id', ParseUuidParam) id: string): Promise<ChunkView[]> {
    return (await this.documents.chunks(auth.tenantId, kbId, id)).map(chunkView);
  }

  @Post(':id/reindex')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: DocumentView, description: 'Indexes again (URL documents are fetched again)' })
  async reindex(@CurrentAuth() auth: AuthContext, @Param('kbId', ParseUuidParam) kbId: string, @Param('id', ParseUuidParam) id: string): Promise<DocumentView> {
    return documentView(await this.documents.reindex(auth.tenantId, kbId, id));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentAuth() auth: AuthContext, @Param('kbId', ParseUuidParam) kbId: string, @Param('id', ParseUuidParam) id: string): Promise<void> {
    await this.documents.remove(auth.tenantId, kbId, id);
  }
}

function submission(file: UploadedFile | undefined, dto: AddDocumentDto): DocumentSubmission {
  if (file) return { kind: 'file', filename: file.originalname, contentType: file.mimetype, data: file.buffer, title: dto.title };
  if (dto.url !== undefined && dto.text !== undefined) throw new ValidationFailed('Send either text or url, not both', 'url');
  if (dto.url !== undefined) return { kind: 'url', url: dto.url, title: dto.title, crawlDepth: dto.crawlDepth };
  if (dto.text !== undefined) {
    if (!dto.title) throw new ValidationFailed('title is required with text', 'title');
    return { kind: 'text', title: dto.title, text: dto.text, format: dto.format };
  }
  throw new ValidationFailed('Send a multipart "file", or JSON with {title, text} or {url}', 'file');
}
