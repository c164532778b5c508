import type { FakeReply } from './fake-openai.types';

export const DEFAULT_MODELS = [
  'gpt-4o-mini',
  'gpt-4o',
  'gpt-4.1-mini',
  'gpt-5-mini',
  'text-embedding-3-small',
  'text-embedding-3-large',
];

// A fixed timestamp keeps listings identical across runs.
const CREATED = 1721172741;

function model(id: string) {
  return { id, object: 'model', created: CREATED, owned_by: 'system' };
}

export function listModels(ids: string[]) {
  return { object: 'list', data: ids.map(model) };
}

export function retrieveModel(
  ids: string[],
  id: string,
): { ok: true; body: unknown } | { ok: false; error: Extract<FakeReply, { kind: 'error' }> } {
  if (ids.includes(id)) return { ok: true, body: model(id) };
  return {
    ok: false,
    error: {
      kind: 'error',
      status: 404,
      message: `The model '${id}' does not exist or you do not have access to it.`,
      type: 'invalid_request_error',
      param: null,
      code: 'model_not_found',
    },
  };
}
