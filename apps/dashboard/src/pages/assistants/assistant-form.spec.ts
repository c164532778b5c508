import { bodyFromForm, draftFromForm, duplicateBody, emptyForm, formFromView, matchesSearch, sameForm, toggleTool, type AssistantView } from './assistant-form';

const view: AssistantView = {
  id: '5c4f2a4e-0b7c-4b8e-9d7c-1f2a3b4c5d6e', name: 'Support', enabled: true, systemPrompt: 'Be kind.', model: 'gpt-4o-mini',
  temperature: null, tools: [{ name: 'collect_data', config: { fields: [{ key: 'email', type: 'email' }] } as never }],
  knowledgeBaseIds: ['kb-1'], retrievalMode: 'tool', retrieval: { topK: 6 } as AssistantView['retrieval'], replyDebounceMs: null,
  createdAt: '2026-12-06T10:00:00Z', updatedAt: '2026-12-06T10:00:00Z',
};

describe('assistant form', () => {
  it('round-trips a stored assistant into the body that saves it unchanged', () => {
    const body = bodyFromForm(formFromView(view));
    expect(body).toEqual({
      name: 'Support', enabled: true, systemPrompt: 'Be kind.', model: 'gpt-4o-mini', temperature: null, replyDebounceMs: null,
      tools: [{ name: 'collect_data', config: { fields: [{ key: 'email', type: 'email' }] } }],
      knowledgeBaseIds: ['kb-1'], retrievalMode: 'tool', retrieval: { topK: 6, scoreThreshold: null, hybrid: false },
    });
  });

  it('sends cleared retrieval numbers as null, so a PATCH puts the platform defaults back', () => {
    expect(bodyFromForm({ ...emptyForm(), name: 'x', systemPrompt: 'y' }).retrieval).toEqual({ topK: null, scoreThreshold: null, hybrid: false });
  });

  it('edits a copy: changing the form never changes the view it came from', () => {
    const form = formFromView(view);
    (form.tools[0].config.fields as Array<{ key: string }>)[0].key = 'phone';
    expect((view.tools[0].config as unknown as { fields: Array<{ key: string }> }).fields[0].key).toBe('email');
  });

  it('sees a change as unsaved and an identical form as saved', () => {
    const a = formFromView(view);
    expect(sameForm(a, formFromView(view))).toBe(true);
    expect(sameForm(a, { ...a, systemPrompt: 'Be brief.' })).toBe(false);
  });

  it('duplicates every setting under a new name, switched off', () => {
    expect(duplicateBody(view, 'Support (copy)')).toMatchObject({ name: 'Support (copy)', enabled: false, systemPrompt: 'Be kind.', retrievalMode: 'tool' });
  });

  it('sends only what a draft may override', () => {
    expect(Object.keys(draftFromForm(formFromView(view))).sort()).toEqual(['model', 'systemPrompt', 'temperature', 'tools']);
  });

  it('turns a tool on with its defaults at the end, keeps an enabled one, and turns one off', () => {
    const on = toggleTool([], 'request_callback', true, () => ({ confirmation: 'We call you.' }));
    expect(on).toEqual([{ name: 'request_callback', config: { confirmation: 'We call you.' } }]);
    expect(toggleTool(on, 'request_callback', true, () => ({}))).toBe(on);
    expect(toggleTool(on, 'request_callback', false, () => ({}))).toEqual([]);
  });

  it('searches names and models, ignoring case and accents', () => {
    expect(matchesSearch({ name: 'Bäckerei', model: 'gpt-4o' }, 'backe')).toBe(true);
    expect(matchesSearch({ name: 'Shop', model: 'gpt-4o' }, 'GPT')).toBe(true);
    expect(matchesSearch({ name: 'Shop', model: 'gpt-4o' }, 'desk')).toBe(false);
  });
});
