import { Alert, Button, Group, Modal, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/errors';
import { useEmbeddingModels, useSaveKnowledgeBase, type KnowledgeBase } from './knowledge-api';

interface Props {
  opened: boolean;
  onClose: () => void;
  /** Absent: a new knowledge base. */
  kb?: KnowledgeBase;
  onSaved?: (kb: KnowledgeBase & { reindexing?: number }) => void;
}

interface Draft {
  name: string;
  description: string;
  embeddingModel: string | null;
  chunkTokens: number | string;
  chunkOverlapTokens: number | string;
}

const fromKb = (kb?: KnowledgeBase): Draft => ({
  name: kb?.name ?? '',
  description: typeof kb?.description === 'string' ? kb.description : '',
  embeddingModel: kb?.embeddingModel ?? null,
  chunkTokens: kb?.chunkTokens ?? 350,
  chunkOverlapTokens: kb?.chunkOverlapTokens ?? 50,
});

/** Create or edit a knowledge base: name, description, embedding model and chunking (the last two re-index). */
export function KnowledgeBaseForm({ opened, onClose, kb, onSaved }: Props) {
  const { t } = useTranslation();
  const models = useEmbeddingModels();
  const save = useSaveKnowledgeBase();
  const [draft, setDraft] = useState<Draft>(fromKb(kb));
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});

  useEffect(() => {
    if (opened) {
      setDraft(fromKb(kb));
      setErrors({});
      save.reset();
    }
    // Reset only when the dialog opens, not while the operator types.
  }, [opened, kb?.id]);

  // A field's error goes as soon as the operator changes that field.
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const rebuilds = !!kb && (draft.embeddingModel !== kb.embeddingModel || Number(draft.chunkTokens) !== kb.chunkTokens || Number(draft.chunkOverlapTokens) !== kb.chunkOverlapTokens);

  const validate = (): boolean => {
    const next: typeof errors = {};
    if (!draft.name.trim()) next.name = t('knowledge.form.nameRequired');
    const size = Number(draft.chunkTokens);
    if (!Number.isInteger(size) || size < 64 || size > 2000) next.chunkTokens = t('knowledge.form.range', { min: 64, max: 2000 });
    const overlap = Number(draft.chunkOverlapTokens);
    if (!Number.isInteger(overlap) || overlap < 0 || overlap > 500) next.chunkOverlapTokens = t('knowledge.form.range', { min: 0, max: 500 });
    else if (!next.chunkTokens && overlap >= size) next.chunkOverlapTokens = t('knowledge.form.overlapTooLarge');
    setErrors(next);
    return Object.keys(next).length === 0;
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!validate()) return;
    const input = {
      name: draft.name.trim(),
      description: draft.description.trim(),
      ...(draft.embeddingModel ? { embeddingModel: draft.embeddingModel } : {}),
      chunkTokens: Number(draft.chunkTokens),
      chunkOverlapTokens: Number(draft.chunkOverlapTokens),
    };
    save.mutate({ id: kb?.id, input }, {
      onSuccess: (saved) => {
        onSaved?.(saved);
        onClose();
      },
      onError: (err) => {
        // The server names the field at fault; show it there as well as above the buttons.
        if (err instanceof ApiError) {
          const byField: typeof errors = {};
          for (const f of err.fields) if (f in draft) byField[f as keyof Draft] = err.message;
          setErrors(byField);
        }
      },
    });
  };

  const modelOptions = (models.data?.models ?? []).map((m) => ({
    value: m.model,
    label: `${m.model} (${m.dimension}${m.default ? `, ${t('knowledge.form.default')}` : ''})`,
  }));

  return (
    <Modal opened={opened} onClose={onClose} title={kb ? t('knowledge.form.editTitle') : t('knowledge.form.createTitle')} centered size="lg" closeButtonProps={{ 'aria-label': t('state.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label={t('knowledge.form.name')} required value={draft.name} onChange={(e) => set('name', e.currentTarget.value)} error={errors.name} maxLength={200} data-autofocus />
          <Textarea label={t('knowledge.form.description')} description={t('knowledge.form.descriptionHint')} value={draft.description} onChange={(e) => set('description', e.currentTarget.value)} autosize minRows={2} maxRows={5} maxLength={2000} />
          <Select
            label={t('knowledge.form.model')}
            description={t('knowledge.form.modelHint')}
            placeholder={t('knowledge.form.modelDefault')}
            data={modelOptions}
            value={draft.embeddingModel}
            onChange={(v) => set('embeddingModel', v)}
            clearable={!kb}
            allowDeselect={!kb}
          />
          <Group grow align="flex-start">
            <NumberInput label={t('knowledge.form.chunkTokens')} clampBehavior="none" description={t('knowledge.form.chunkTokensHint')} min={64} max={2000} step={50} value={draft.chunkTokens} onChange={(v) => set('chunkTokens', v)} error={errors.chunkTokens} />
            <NumberInput label={t('knowledge.form.overlap')} clampBehavior="none" description={t('knowledge.form.overlapHint')} min={0} max={500} step={10} value={draft.chunkOverlapTokens} onChange={(v) => set('chunkOverlapTokens', v)} error={errors.chunkOverlapTokens} />
          </Group>
          {rebuilds && <Alert color="yellow" variant="light" role="status">{t('knowledge.form.rebuildWarning')}</Alert>}
          {save.error && <Alert color="red" variant="light" role="alert">{save.error.message}</Alert>}
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>{t('knowledge.cancel')}</Button>
            <Button type="submit" loading={save.isPending}>{kb ? t('knowledge.form.save') : t('knowledge.form.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
