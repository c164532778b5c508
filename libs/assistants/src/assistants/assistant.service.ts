import { Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { NotFound, PluginRegistry, ValidationFailed } from '@confab/plugin-sdk';
import { AssistantCache } from './assistant-cache';
import { Assistant, type EnabledTool, type RetrievalSettings } from '../entities/assistant.entity';
import type { AssistantView, CreateAssistantDto, RetrievalSettingsDto, ToolSettingDto, UpdateAssistantDto } from './assistant.dto';

export function assistantView(a: Assistant): AssistantView {
  const { id, name, enabled, systemPrompt, model, temperature, tools, knowledgeBaseIds, retrievalMode, retrieval, createdAt, updatedAt } = a;
  return { id, name, enabled, systemPrompt, model, temperature, tools, knowledgeBaseIds, retrievalMode, retrieval, replyDebounceMs: a.replyDebounceMs ?? null, createdAt, updatedAt };
}

/** Key by key: a value replaces, null removes (the platform default applies again), a missing key stays as it was. */
function mergeRetrieval(current: RetrievalSettings, change: RetrievalSettingsDto | undefined): RetrievalSettings {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(change ?? {})) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged as RetrievalSettings;
}

@Injectable()
export class AssistantService {
  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
    private readonly cache: AssistantCache,
  ) {}

  async create(tenantId: string, dto: CreateAssistantDto): Promise<Assistant> {
    const tools = await this.checkTools(tenantId, dto.tools ?? []);
    await this.checkKnowledgeBases(tenantId, dto.knowledgeBaseIds);
    return this.db.transaction(tenantId, async (em) => {
      const assistant = Object.assign(new Assistant(), {
        tenantId,
        name: dto.name,
        enabled: dto.enabled ?? true,
        systemPrompt: dto.systemPrompt,
        model: dto.model,
        temperature: dto.temperature ?? null,
        tools,
        knowledgeBaseIds: dto.knowledgeBaseIds ?? [],
        retrievalMode: dto.retrievalMode ?? 'inject',
        retrieval: mergeRetrieval({}, dto.retrieval),
        replyDebounceMs: dto.replyDebounceMs ?? null,
      });
      em.persist(assistant);
      return assistant;
    });
  }

  async list(tenantId: string): Promise<Assistant[]> {
    return this.db.forTenant(tenantId).find(Assistant, { deletedAt: null }, { orderBy: { createdAt: 'asc' } });
  }

  async get(tenantId: string, id: string): Promise<Assistant> {
    const found = await this.db.forTenant(tenantId).findOne(Assistant, { id, deletedAt: null });
    if (!found) throw new NotFound('assistant', id);
    return found;
  }

  async update(tenantId: string, id: string, dto: UpdateAssistantDto): Promise<Assistant> {
    const tools = dto.tools ? await this.checkTools(tenantId, dto.tools) : undefined;
    await this.checkKnowledgeBases(tenantId, dto.knowledgeBaseIds);
    const updated = await this.db.transaction(tenantId, async (em) => {
      const assistant = await em.findOne(Assistant, { id, deletedAt: null });
      if (!assistant) throw new NotFound('assistant', id);
      const { tools: _ignored, retrieval, ...rest } = dto;
      Object.assign(assistant, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)));
      if (tools) assistant.tools = tools;
      // Settings merge key by key, so changing topK keeps a threshold set earlier.
      if (retrieval) assistant.retrieval = mergeRetrieval(assistant.retrieval, retrieval);
      return assistant;
    });
    this.cache.drop(id);
    return updated;
  }

  /** Soft delete: conversations keep pointing at the assistant that answered them. */
  async remove(tenantId: string, id: string): Promise<void> {
    await this.db.transaction(tenantId, async (em) => {
      const assistant = await em.findOne(Assistant, { id, deletedAt: null });
      if (!assistant) throw new NotFound('assistant', id);
      assistant.deletedAt = new Date();
    });
    this.cache.drop(id);
  }

  /** Knowledge bases live in another lib; a plain query keeps this one free of a dependency on it. */
  private async checkKnowledgeBases(tenantId: string, ids: string[] | undefined): Promise<void> {
    if (!ids?.length) return;
    // ids are UUIDs (the DTO checks them), so the array literal cannot be broken out of.
    const unique = [...new Set(ids)];
    const rows: Array<{ id: string }> = await this.db
      .forTenant(tenantId)
      .getConnection()
      .execute('select id from knowledge_bases where tenant_id = ? and id = any(?::uuid[])', [tenantId, `{${unique.join(',')}}`]);
    const found = new Set(rows.map((r) => r.id));
    const index = ids.findIndex((id) => !found.has(id));
    if (index >= 0) throw new ValidationFailed(`No knowledge base ${ids[index]} in this tenant`, `knowledgeBaseIds.${index}`);
  }

  private checkTools(tenantId: string, settings: ToolSettingDto[]): Promise<EnabledTool[]> {
    return this.registry.checkToolSettings(tenantId, settings);
  }
}
