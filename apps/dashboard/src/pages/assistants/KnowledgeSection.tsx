import { Anchor, Grid, MultiSelect, NumberInput, Paper, Radio, Stack, Switch, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FieldErrors } from '../../components/schema-form';
import type { AssistantForm } from './assistant-form';
import { useKnowledgeBases } from './assistants-api';

type Patch = (next: Partial<AssistantForm>) => void;

/** Which knowledge bases the assistant uses, and how: added to every turn, or searched when the model asks. */
export function KnowledgeSection({ form, patch, errors, disabled }: { form: AssistantForm; patch: Patch; errors: FieldErrors; disabled: boolean }) {
  const { t } = useTranslation();
  const bases = useKnowledgeBases();
  const options = (bases.data ?? []).map((kb) => ({ value: kb.id, label: kb.name }));
  const kbError = errors.knowledgeBaseIds ?? Object.entries(errors).find(([k]) => k.startsWith('knowledgeBaseIds.'))?.[1];
  const none = form.knowledgeBaseIds.length === 0;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="assistant-knowledge-heading">
      <Title order={2} size="h4" id="assistant-knowledge-heading" mb="sm">{t('assistants.knowledge.heading')}</Title>
      <Stack gap="md">
        <MultiSelect
          label={t('assistants.knowledge.bases')} data={options} value={form.knowledgeBaseIds} onChange={(ids) => patch({ knowledgeBaseIds: ids })}
          placeholder={options.length ? t('assistants.knowledge.choose') : undefined} error={kbError} disabled={disabled || (!options.length && none)} searchable clearable
          description={bases.data && !options.length ? undefined : t('assistants.knowledge.basesHelp')}
        />
        {bases.data && !options.length && (
          <Text size="sm" c="dimmed">{t('assistants.knowledge.noneYet')} <Anchor component={Link} to="/knowledge" underline="always">{t('assistants.knowledge.goCreate')}</Anchor></Text>
        )}
        <Radio.Group label={t('assistants.knowledge.mode')} value={form.retrievalMode} onChange={(v) => patch({ retrievalMode: v as AssistantForm['retrievalMode'] })} error={errors.retrievalMode}>
          <Stack gap="xs" mt="xs">
            <Radio value="inject" label={t('assistants.knowledge.inject')} description={t('assistants.knowledge.injectHelp')} disabled={disabled} />
            <Radio value="tool" label={t('assistants.knowledge.tool')} description={t('assistants.knowledge.toolHelp')} disabled={disabled} />
          </Stack>
        </Radio.Group>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <NumberInput label={t('assistants.knowledge.topK')} description={t('assistants.knowledge.topKHelp')} placeholder="4" min={1} max={20} allowDecimal={false}
              value={form.topK ?? ''} onChange={(v) => patch({ topK: v === '' ? null : Number(v) })} error={errors['retrieval.topK']} disabled={disabled} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <NumberInput label={t('assistants.knowledge.threshold')} description={t('assistants.knowledge.thresholdHelp')} min={0} max={1} step={0.05} decimalScale={2}
              value={form.scoreThreshold ?? ''} onChange={(v) => patch({ scoreThreshold: v === '' ? null : Number(v) })} error={errors['retrieval.scoreThreshold']} disabled={disabled} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <Switch mt={{ base: 0, sm: 'lg' }} label={t('assistants.knowledge.hybrid')} description={t('assistants.knowledge.hybridHelp')}
              checked={form.hybrid} onChange={(e) => patch({ hybrid: e.currentTarget.checked })} disabled={disabled} />
          </Grid.Col>
        </Grid>
      </Stack>
    </Paper>
  );
}
