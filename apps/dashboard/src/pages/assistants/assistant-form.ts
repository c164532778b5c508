import type { components } from '../../api/schema';

export type AssistantView = components['schemas']['AssistantView'];
export type AssistantBody = components['schemas']['CreateAssistantDto'];
export type ToolView = components['schemas']['ToolView'];

export interface ToolSetting {
  name: string;
  config: Record<string, unknown>;
}

/** What the edit page holds: the assistant's settings, with empty optional numbers as null. */
export interface AssistantForm {
  name: string;
  enabled: boolean;
  systemPrompt: string;
  model: string;
  temperature: number | null;
  replyDebounceMs: number | null;
  /** Enabled tools, in the order they are sent (errors come back as tools.<index>.config.<field>). */
  tools: ToolSetting[];
  knowledgeBaseIds: string[];
  retrievalMode: 'inject' | 'tool';
  topK: number | null;
  scoreThreshold: number | null;
  hybrid: boolean;
}

export const DEFAULT_MODEL = 'gpt-4o-mini';

export function emptyForm(): AssistantForm {
  return {
    name: '', enabled: true, systemPrompt: '', model: DEFAULT_MODEL, temperature: null, replyDebounceMs: null,
    tools: [], knowledgeBaseIds: [], retrievalMode: 'inject', topK: null, scoreThreshold: null, hybrid: false,
  };
}

export function formFromView(a: AssistantView): AssistantForm {
  return {
    name: a.name,
    enabled: a.enabled,
    systemPrompt: a.systemPrompt,
    model: a.model,
    temperature: a.temperature ?? null,
    replyDebounceMs: a.replyDebounceMs ?? null,
    tools: a.tools.map((t) => ({ name: t.name, config: structuredClone(t.config ?? {}) as Record<string, unknown> })),
    knowledgeBaseIds: [...a.knowledgeBaseIds],
    retrievalMode: a.retrievalMode,
    topK: a.retrieval.topK ?? null,
    scoreThreshold: a.retrieval.scoreThreshold ?? null,
    hybrid: a.retrieval.hybrid ?? false,
  };
}

/** The create/update body: every field, so a save makes the stored assistant equal to the form. */
export function bodyFromForm(f: AssistantForm): AssistantBody {
  return {
    name: f.name.trim(),
    enabled: f.enabled,
    systemPrompt: f.systemPrompt,
    model: f.model.trim(),
    temperature: f.temperature,
    replyDebounceMs: f.replyDebounceMs,
    // The generated type of a free-form object is Record<string, never>; the tool's schema describes the real shape.
    tools: f.tools.map((t) => ({ name: t.name, config: t.config as Record<string, never> })),
    knowledgeBaseIds: f.knowledgeBaseIds,
    retrievalMode: f.retrievalMode,
    // Retrieval settings merge key by key on PATCH: a cleared number is sent as null, so it goes back to the platform
    // default instead of keeping the old value (the generated type knows neither null nor an optional topK).
    retrieval: { topK: f.topK, scoreThreshold: f.scoreThreshold, hybrid: f.hybrid } as unknown as AssistantBody['retrieval'],
  };
}

/** What a test chat answers with instead of the stored assistant (the server keeps it with that chat only). */
export function draftFromForm(f: AssistantForm) {
  return { systemPrompt: f.systemPrompt, model: f.model.trim(), temperature: f.temperature, tools: bodyFromForm(f).tools };
}

/** The copy a "duplicate" creates: every setting, a name that says it is a copy, and switched off until checked. */
export function duplicateBody(a: AssistantView, name: string): AssistantBody {
  return { ...bodyFromForm(formFromView(a)), name: name.slice(0, 200), enabled: false };
}

export function sameForm(a: AssistantForm, b: AssistantForm): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Turns a tool on (with its schema's defaults) or off, keeping the others' order and settings. */
export function toggleTool(tools: ToolSetting[], name: string, on: boolean, defaults: () => Record<string, unknown>): ToolSetting[] {
  if (!on) return tools.filter((t) => t.name !== name);
  if (tools.some((t) => t.name === name)) return tools;
  return [...tools, { name, config: defaults() }];
}

/** Assistants whose name or model contains the search, case and accents ignored. */
export function matchesSearch(a: Pick<AssistantView, 'name' | 'model'>, search: string): boolean {
  const norm = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const q = norm(search.trim());
  return !q || norm(a.name).includes(q) || norm(a.model).includes(q);
}
