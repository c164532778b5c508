import type { Assistant } from '@confab/assistants';
import type { AssistantDraft } from '@confab/plugin-sdk';

/**
 * The assistant as a test chat's draft changes it: a detached plain copy, so nothing of the draft can reach the
 * stored assistant (the entity is managed; changing it in place could be flushed by a later transaction).
 */
export function withDraft(assistant: Assistant, draft: AssistantDraft | null | undefined): Assistant {
  if (!draft) return assistant;
  const copy: Assistant = { ...assistant };
  if (draft.systemPrompt !== undefined) copy.systemPrompt = draft.systemPrompt;
  if (draft.model !== undefined) copy.model = draft.model;
  if (draft.temperature !== undefined) copy.temperature = draft.temperature;
  if (draft.tools !== undefined) copy.tools = draft.tools;
  return copy;
}
