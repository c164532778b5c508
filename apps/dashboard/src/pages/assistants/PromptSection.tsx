import { Grid, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useChannels, useChannelTypes } from './assistants-api';

/**
 * The system prompt in a roomy editor, with what the platform adds after it beside it: the formatting guidance of
 * the channel a reply goes to, and the conversation's variables.
 */
export function PromptSection({ assistantId, value, onChange, error, disabled }: {
  assistantId: string | undefined;
  value: string;
  onChange: (next: string) => void;
  error?: string;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="assistant-prompt-heading">
      <Title order={2} size="h4" id="assistant-prompt-heading" mb="sm">{t('assistants.prompt.heading')}</Title>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Textarea
            label={t('assistants.prompt.label')} description={t('assistants.prompt.help')} required withAsterisk
            value={value} onChange={(e) => onChange(e.currentTarget.value)} error={error} disabled={disabled}
            autosize minRows={14} maxRows={40} maxLength={50_000}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-sm)', lineHeight: 1.5 } }}
          />
          <Text size="xs" c="dimmed" mt={4} ta="right">{t('assistants.prompt.length', { count: value.length })}</Text>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <FormattingGuidance assistantId={assistantId} />
            <VariablesHint />
          </Stack>
        </Grid.Col>
      </Grid>
    </Paper>
  );
}

function FormattingGuidance({ assistantId }: { assistantId: string | undefined }) {
  const { t } = useTranslation();
  const types = useChannelTypes();
  const channels = useChannels();
  const connected = new Set((channels.data ?? []).filter((c) => c.assistantId === assistantId).map((c) => c.type));
  const list = (types.data ?? []).filter((ct) => ct.type !== 'test');
  const [chosen, setChosen] = useState<string | null>(null);
  const current = chosen ?? list.find((ct) => connected.has(ct.type))?.type ?? list[0]?.type ?? null;
  const guidance = list.find((ct) => ct.type === current)?.formattingGuidance;
  return (
    <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-default-hover)" component="aside" aria-labelledby="assistant-guidance-heading">
      <Title order={3} size="h5" id="assistant-guidance-heading" mb={4}>{t('assistants.guidance.heading')}</Title>
      <Text size="xs" c="dimmed" mb="xs">{t('assistants.guidance.help')}</Text>
      <Select
        label={t('assistants.guidance.channel')} size="xs" allowDeselect={false} value={current} onChange={setChosen}
        data={list.map((ct) => ({ value: ct.type, label: connected.has(ct.type) ? t('assistants.guidance.connected', { name: ct.displayName }) : ct.displayName }))}
      />
      <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap' }} data-testid="formatting-guidance">
        {guidance || (types.isLoading ? t('state.loading') : t('assistants.guidance.none'))}
      </Text>
    </Paper>
  );
}

function VariablesHint() {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-default-hover)" component="aside" aria-labelledby="assistant-variables-heading">
      <Title order={3} size="h5" id="assistant-variables-heading" mb={4}>{t('assistants.variables.heading')}</Title>
      <Text size="sm">{t('assistants.variables.body')}</Text>
      <Text size="xs" ff="monospace" mt="xs" c="dimmed">{t('assistants.variables.example')}</Text>
      <Text size="xs" c="dimmed" mt="xs">{t('assistants.variables.limits')}</Text>
    </Paper>
  );
}
