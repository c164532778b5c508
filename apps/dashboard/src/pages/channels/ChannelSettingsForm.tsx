import { Alert, Button, Group, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
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
  const configErrors = fieldErrorsFromApi(error, 'config');
  const rootErrors = fieldErrorsFromApi(error, '');
  const atField = Object.keys(configErrors).length > 0 || 'name' in rootErrors || 'assistantId' in rootErrors;
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
            onChange={(e) => onChange({ ...draft, name: e.currentTarget.value })}
            error={rootErrors.name}
            disabled={disabled}
            maxLength={200}
          />
          <Select
            label={t('channels.assistant')}
            description={t('channels.assistantHelp')}
            data={assistants.assistants.map((a) => ({ value: a.id, label: a.name }))}
            value={draft.assistantId}
            onChange={(v) => onChange({ ...draft, assistantId: v })}
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
            onChange={(config) => onChange({ ...draft, config })}
            errors={configErrors}
            storedSecrets={storedSecrets}
            disabled={disabled}
            idPrefix={`channel-${channelType.type}`}
          />
          {error != null && !atField && (
            <Alert color="red" variant="light" role="alert">{error instanceof Error ? error.message : String(error)}</Alert>
          )}
          {error != null && atField && (
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
