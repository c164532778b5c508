import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Conflict, ConnectionDirectory, ConversationOutbox, CurrentAuth, ParseUuidParam, RequireScope, ValidationFailed, type AuthContext, type Connection } from '@confab/plugin-sdk';
import { classifyGraphResponse } from './wire/graph-errors';
import { priceTemplateMessage, WHATSAPP_PRICE_ROWS } from './wire/pricing';
import { GraphClient } from './graph-client';
import { templateParameterProblem } from './template-parameters';
import type { WhatsAppConnectionConfig } from './whatsapp.config';
import { QueuedTemplateMessageView, SendTemplateDto, TemplatesView, WhatsAppHealthView, type TemplateView } from './whatsapp-admin.dto';
import type { StoredHealth } from './connection-health';
import { WHATSAPP_OPTIONS, type WhatsAppModuleOptions } from './whatsapp.options';

@ApiTags('WhatsApp')
@ApiBearerAuth()
@Controller('api/v1/channels')
export class WhatsAppAdminController {
  constructor(
    private readonly directory: ConnectionDirectory,
    private readonly outbox: ConversationOutbox,
    @Inject(WHATSAPP_OPTIONS) private readonly options: WhatsAppModuleOptions,
  ) {}

  @Post(':id/template-messages')
  // Writing to a customer whose window closed is an agent's work, not configuration.
  @RequireScope('conversations')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: QueuedTemplateMessageView, description: 'Stored and queued; returns the conversation it starts or continues' })
  async sendTemplate(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string, @Body() dto: SendTemplateDto): Promise<QueuedTemplateMessageView> {
    const connection = await this.load(auth, id);
    const known = this.templates(connection);
    const match = known.find((t) => t.name === dto.template.name && t.language === dto.template.language);
    if (known.length && (!match || match.status !== 'APPROVED')) {
      throw new ValidationFailed(`No approved template '${dto.template.name}' in ${dto.template.language}; POST /api/v1/channels/${id}/templates/sync refreshes the list`, 'template.name');
    }
    const problem = match ? templateParameterProblem(match.name, Array.isArray(match.components) ? match.components : [], dto.template.parameters) : null;
    if (problem) throw new ValidationFailed(problem, 'template.parameters');
    const digits = dto.to.replace(/^\+/, '');
    const category = (match?.category ?? 'UTILITY').toLowerCase();
    const priced = priceTemplateMessage(this.options.priceRows ?? WHATSAPP_PRICE_ROWS, { recipient: digits, category, at: new Date() });
    return this.outbox.sendTemplate(connection, {
      to: [{ kind: 'wa_id', value: digits }],
      displayName: dto.customerName,
      template: { name: dto.template.name, language: dto.template.language, parameters: dto.template.parameters },
      variables: dto.variables,
      estimatedCharge: priced ? { costMicros: priced.costMicros, currency: priced.currency, priceRef: priced.priceRef, category } : null,
    });
  }

  @Post(':id/templates/sync')
  @HttpCode(200)
  @ApiOkResponse({ type: TemplatesView })
  async sync(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<TemplatesView> {
    const connection = await this.load(auth, id);
    const res = await this.graph(connection).listTemplates();
    if (res.status !== 200) {
      const c = classifyGraphResponse(res);
      throw new Conflict('PROVIDER_ERROR', `WhatsApp refused the template list: ${c.title}`, { providerCode: c.code, details: c.details });
    }
    const templates: TemplateView[] = (res.body.data ?? []).map((t: any) => ({
      id: String(t.id ?? ''), name: String(t.name), language: String(t.language), category: String(t.category ?? ''), status: String(t.status ?? ''), components: Array.isArray(t.components) ? t.components : [],
    }));
    const syncedAt = new Date().toISOString();
    await this.directory.saveState(connection, { templates, templatesSyncedAt: syncedAt });
    return { templates, syncedAt };
  }

  /**
   * The connection's health: what its webhook last saw (stored as notifications arrive) and the number's quality
   * rating and messaging limit, asked from the Graph API now. A Graph failure is reported, not thrown: the stored
   * part is still worth showing when Meta refuses the token.
   */
  @Get(':id/health')
  @ApiOkResponse({ type: WhatsAppHealthView })
  async health(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<WhatsAppHealthView> {
    const connection = await this.load(auth, id);
    const state = connection.state as StoredHealth;
    const res = await this.graph(connection).phoneNumber();
    const ok = res.status === 200 && res.body && typeof res.body === 'object';
    const field = (name: 'quality_rating' | 'messaging_limit_tier' | 'display_phone_number' | 'verified_name') => (ok && typeof res.body[name] === 'string' ? res.body[name] : null);
    return {
      lastWebhookAt: state.lastWebhookAt ?? null,
      lastError: state.lastError ?? null,
      qualityRating: field('quality_rating'),
      messagingLimitTier: field('messaging_limit_tier'),
      displayPhoneNumber: field('display_phone_number'),
      verifiedName: field('verified_name'),
      providerError: ok ? null : graphProblem(res),
    };
  }

  @Get(':id/templates')
  @ApiOkResponse({ type: TemplatesView })
  async list(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<TemplatesView> {
    const connection = await this.load(auth, id);
    return { templates: this.templates(connection), syncedAt: (connection.state.templatesSyncedAt as string | undefined) ?? null };
  }

  /**
   * Streams an inbound media file through the Graph media endpoints (ids stay downloadable for 7 days). The file
   * URL is whatever the connection's Graph server says, so the client refuses internal addresses; a refusal or a
   * failed download answers 409 and never echoes what came back.
   */
  @Get(':id/media/:mediaId')
  // The content type is the file's own (WhatsApp's mime_type): images, audio, video, documents (PDF, Office, text).
  @ApiProduces('image/*', 'audio/*', 'video/*', 'application/*', 'text/plain')
  @ApiOkResponse({
    schema: { type: 'string', format: 'binary' },
    description: 'The media file itself, with its content type (application/octet-stream when unknown)',
    headers: { 'x-media-sha256': { description: "SHA-256 of the file as WhatsApp reports it, when it does", schema: { type: 'string' } } },
  })
  async media(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string, @Param('mediaId') mediaId: string, @Res() res: Response): Promise<void> {
    if (!/^[A-Za-z0-9._-]{1,128}$/.test(mediaId)) throw new ValidationFailed('mediaId is not a WhatsApp media id', 'mediaId');
    const connection = await this.load(auth, id);
    const graph = this.graph(connection);
    const info = await graph.mediaInfo(mediaId);
    if (info.status !== 200 || typeof info.body?.url !== 'string') {
      const c = classifyGraphResponse(info);
      throw new Conflict('MEDIA_UNAVAILABLE', `WhatsApp could not provide media ${mediaId}: ${c.title}`, { providerCode: c.code });
    }
    const file = await graph.download(info.body.url);
    if (file.refused !== undefined) {
      throw new Conflict('MEDIA_UNAVAILABLE', `The download URL for media ${mediaId} is not allowed: ${file.refused}`, { providerCode: 'forbidden_address' });
    }
    if (!file.bytes || file.status === undefined || file.status < 200 || file.status > 299) {
      throw new Conflict('MEDIA_UNAVAILABLE', `Downloading media ${mediaId} failed with ${file.status ?? file.networkError ?? 'no answer'}`);
    }
    res.status(200).setHeader('content-type', info.body.mime_type ?? file.contentType ?? 'application/octet-stream');
    if (info.body.sha256) res.setHeader('x-media-sha256', info.body.sha256);
    res.end(file.bytes);
  }

  private graph(connection: Connection<WhatsAppConnectionConfig>): GraphClient {
    return new GraphClient(connection.config, this.options.allowedHosts ?? []);
  }

  private load(auth: AuthContext, id: string): Promise<Connection<WhatsAppConnectionConfig>> {
    return this.directory.load<WhatsAppConnectionConfig>(id, { type: 'whatsapp', tenantId: auth.tenantId });
  }

  private templates(connection: Connection<WhatsAppConnectionConfig>): TemplateView[] {
    return Array.isArray(connection.state.templates) ? (connection.state.templates as TemplateView[]) : [];
  }
}

function graphProblem(res: { status?: number; networkError?: string; refused?: string; body: unknown }): string {
  if (res.refused) return `The Graph API address is not allowed: ${res.refused}`;
  if (res.status === undefined) return `The Graph API did not answer: ${res.networkError ?? 'no answer'}`;
  return classifyGraphResponse(res as Parameters<typeof classifyGraphResponse>[0]).title;
}
