import { Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { Assistant } from '@confab/assistants';
import { OpenAiError } from './openai-errors';

/** The URL-safe name an assistant can also be called by as `model` ("Shop Helper" -> "shop-helper"). */
export function assistantSlug(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ModelView {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  name: string;
  slug: string;
}

export const modelView = (a: Assistant): ModelView => ({ id: a.id, object: 'model', created: Math.floor(a.createdAt.getTime() / 1000), owned_by: a.tenantId, name: a.name, slug: assistantSlug(a.name) });

/** The tenant's assistants in the shape of OpenAI's models; `model` in a request names one by id or by slug. */
@Injectable()
export class AssistantModels {
  constructor(private readonly db: Db) {}

  list(tenantId: string): Promise<Assistant[]> {
    return this.db.forTenant(tenantId).find(Assistant, { deletedAt: null }, { orderBy: { createdAt: 'asc' } });
  }

  async resolve(tenantId: string, model: string): Promise<Assistant> {
    const assistants = await this.list(tenantId);
    const byId = UUID.test(model) ? assistants.find((a) => a.id === model.toLowerCase()) : undefined;
    const matches = byId ? [byId] : assistants.filter((a) => assistantSlug(a.name) === model.toLowerCase());
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) throw new OpenAiError(400, `Several assistants are called '${model}'; use the id from GET /v1/models`, 'invalid_request_error', 'model', 'ambiguous_model');
    throw new OpenAiError(404, `The model '${model}' does not exist or you do not have access to it. GET /v1/models lists your assistants.`, 'invalid_request_error', 'model', 'model_not_found');
  }
}
