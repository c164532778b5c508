import { Alert, Button, Group, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SchemaForm, fieldErrorsFromApi, type ConfigValue } from '../../components/schema-form';
import { useAssistants } from '../common/use-assistants';
import type { ChannelType } from './channels-api';

export interface ChannelDraft {
  name: string;
  assistantId: string | null;
  config: ConfigValue;
}

interface Props {
  channelType: ChannelType;
  draft: ChannelDraft;
  onChange: (next: ChannelDraft) => void;
  onSubmit: () => void;
  submitLabel: string;
  busy: boolean;
  /** The failed save, if any: its field problems go to the fields, the rest shows above the button. */
  error: unknown;
  storedSecrets?: string[];
  disabled?: boolean;
}

/**
 * Name, assistant and the channel's settings. The settings are generated from the channel type's JSON Schema, so a
 * new channel plugin gets this form without dashboard code; secrets are write-only.
 */
export function ChannelSettingsForm({ channelType, draft, onChange, onSubmit, submitLabel, busy, error, storedSecrets, disabled }: Props) {
  const { t } = useTranslation();
  const assistants = useAssistants();
  // A field's problem goes away once the operator edits that field; the others stay until the next save.
  const [edited, setEdited] = useState<{ error: unknown; keys: Set<string> }>({ error: null, keys: new Set() });
  const keys = edited.error === error ? edited.keys : new Set<string>();
  const fresh = (errors: Record<string, string>) => Object.fromEntries(Object.entries(errors).filter(([path]) => !keys.has(path.split('.')[0])));
  const allConfigErrors = fieldErrorsFromApi(error, 'config');
  const allRootErrors = fieldErrorsFromApi(error, '');
  const configErrors = fresh(allConfigErrors);
  const rootErrors = Object.fromEntries(Object.entries(allRootErrors).filter(([path]) => !keys.has(`:${path}`)));
  const change = (next: ChannelDraft) => {
    const touched = new Set(keys);
    for (const key of new Set([...Object.keys(draft.config), ...Object.keys(next.config)])) {
      if (JSON.stringify(draft.config[key]) !== JSON.stringify(next.config[key])) touched.add(key);
    }
    if (next.name !== draft.name) touched.add(':name');
    if (next.assistantId !== draft.assistantId) touched.add(':assistantId');
    setEdited({ error, keys: touched });
    onChange(next);
  };
  const atField = Object.keys(allConfigErrors).length > 0 || 'name' in allRootErrors || 'assistantId' in allRootErrors;
  const fieldsLeft = Object.keys(configErrors).length > 0 || 'name' in rootErrors || 'assistantId' in rootErrors;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="channel-settings-title">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <Stack gap="md">
          <Title order={2} size="h4" id="channel-settings-title">{t('channels.settings')}</Title>
          <TextInput
            label={t('channels.name')}
            description={t('channels.nameHelp')}
            value={draft.name}
            onChange={(e) => change({ ...draft, name: e.currentTarget.value })}
            error={rootErrors.name}
            disabled={disabled}
            maxLength={200}
          />
          <Select
            label={t('channels.assistant')}
            description={t('channels.assistantHelp')}
            data={assistants.assistants.map((a) => ({ value: a.id, label: a.name }))}
            value={draft.assistantId}
            onChange={(v) => change({ ...draft, assistantId: v })}
            error={rootErrors.assistantId}
            disabled={disabled}
            required
            withAsterisk
            allowDeselect={false}
            searchable
            nothingFoundMessage={t('channels.noAssistants')}
          />
          <SchemaForm
            schema={channelType.configSchema}
            value={draft.config}
            onChange={(config) => change({ ...draft, config })}
            errors={configErrors}
            storedSecrets={storedSecrets}
            disabled={disabled}
            idPrefix={`channel-${channelType.type}`}
          />
          {error != null && !atField && (
            <Alert color="red" variant="light" role="alert">{error instanceof Error ? error.message : String(error)}</Alert>
          )}
          {error != null && atField && fieldsLeft && (
            <Alert color="red" variant="light" role="alert">{t('channels.fixFields')}</Alert>
          )}
          {!disabled && (
            <Group>
              <Button type="submit" loading={busy}>{submitLabel}</Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
