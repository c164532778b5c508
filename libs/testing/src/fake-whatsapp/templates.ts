import { graphError, type GraphError } from './graph-errors';
import { decodeCursor, encodeCursor } from './graph-ids';
import type { FakeTemplate } from './fake-graph.types';

export const DEFAULT_TEMPLATES: FakeTemplate[] = [
  {
    name: 'order_update',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    components: [{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships today.' }],
  },
];

/** Copies the templates and gives each an id, so listings and sends agree on them. */
export function withIds(templates: FakeTemplate[]): FakeTemplate[] {
  return templates.map((t, i) => ({ ...t, id: t.id ?? String(300000000000001 + i) }));
}

const isType = (component: unknown, type: string): boolean =>
  typeof (component as { type?: unknown })?.type === 'string' &&
  ((component as { type: string }).type.toUpperCase() === type);

/** Distinct {{1}} / {{name}} placeholders of the BODY component: Meta counts each once, however often repeated. */
export function bodyPlaceholderCount(template: FakeTemplate): number {
  const body = template.components.find((c) => isType(c, 'BODY')) as { text?: unknown } | undefined;
  const text = typeof body?.text === 'string' ? body.text : '';
  return new Set(Array.from(text.matchAll(/\{\{\s*([^{}]+?)\s*\}\}/g), (m) => m[1])).size;
}

export type TemplateCheck = { ok: true; template: FakeTemplate } | { ok: false; error: GraphError };

/** Validates the `template` object of a send against the approved templates (WHATSAPP.md §6, §7). */
export function checkTemplateSend(templates: FakeTemplate[], spec: any): TemplateCheck {
  const name = spec?.name;
  const language = spec?.language?.code;
  if (typeof name !== 'string' || name === '') {
    return fail(graphError(100, { title: "The parameter template['name'] is required." }));
  }
  if (typeof language !== 'string' || language === '') {
    return fail(graphError(100, { title: "The parameter template['language']['code'] is required." }));
  }
  const template = templates.find((t) => t.name === name && t.language === language);
  if (template?.status === 'PAUSED') return fail(graphError(132015, { details: `Template ${name} is paused.` }));
  if (template?.status === 'DISABLED') return fail(graphError(132016, { details: `Template ${name} is disabled.` }));
  if (template === undefined || template.status !== 'APPROVED') {
    return fail(graphError(132001, { details: `template name (${name}) does not exist in ${language}` }));
  }
  const components: unknown[] = Array.isArray(spec.components) ? spec.components : [];
  const body = components.find((c) => isType(c, 'BODY')) as { parameters?: unknown } | undefined;
  const given = Array.isArray(body?.parameters) ? body.parameters.length : 0;
  const expected = bodyPlaceholderCount(template);
  if (given !== expected) {
    const details =
      `body: number of localizable_params (${given}) does not match the expected number of params (${expected})`;
    return fail(graphError(132000, { details }));
  }
  return { ok: true, template };
}

const fail = (error: GraphError): TemplateCheck => ({ ok: false, error });

/** First index of the page, or -1 for a cursor this server never issued (answered with an empty page). */
function pageStart(query: URLSearchParams, limit: number): number {
  const after = query.get('after');
  if (after !== null) return (decodeCursor(after) ?? -2) + 1;
  const before = query.get('before');
  if (before !== null) return Math.max(0, (decodeCursor(before) ?? 0) - limit);
  return 0;
}

/** GET /{waba}/message_templates with Graph's cursor paging, so clients that follow `after`/`next` are exercised. */
export function listTemplates(templates: FakeTemplate[], query: URLSearchParams, selfUrl: string): object {
  const limit = Math.max(1, Math.min(Number(query.get('limit')) || 25, 1000));
  const start = pageStart(query, limit);
  const page = start >= 0 ? templates.slice(start, start + limit) : [];
  const data = page.map((t) => ({
    name: t.name,
    components: t.components,
    language: t.language,
    status: t.status,
    category: t.category,
    id: t.id,
  }));
  if (data.length === 0) return { data };
  const last = start + data.length - 1;
  const paging: Record<string, unknown> = { cursors: { before: encodeCursor(start), after: encodeCursor(last) } };
  if (last + 1 < templates.length) {
    const next = new URL(selfUrl);
    next.searchParams.set('limit', String(limit));
    next.searchParams.set('after', encodeCursor(last));
    paging.next = next.toString();
  }
  if (start > 0) {
    const previous = new URL(selfUrl);
    previous.searchParams.delete('after');
    previous.searchParams.set('limit', String(limit));
    previous.searchParams.set('before', encodeCursor(start));
    paging.previous = previous.toString();
  }
  return { data, paging };
}
