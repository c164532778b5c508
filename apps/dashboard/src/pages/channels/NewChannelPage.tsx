import { Alert, Anchor, Grid, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { can, useSession } from '../../auth/session-context';
import { PageTitle } from '../../components/PageTitle';
import { QueryState } from '../../components/QueryState';
import { schemaDefaults } from '../../components/schema-form';
import { useAssistants } from '../common/use-assistants';
import { ChannelSettingsForm, type ChannelDraft } from './ChannelSettingsForm';
import { WidgetPreviewPanel } from './IntegrationPanels';
import { WhatsAppSetupGuide } from './WhatsAppPanels';
import { randomToken, useChannelMutations, useChannelTypes, type ChannelType } from './channels-api';

/** `/channels/new/{type}`: the connect form of one channel type, generated from its schema, with its guide. */
export function NewChannelPage() {
  const { t } = useTranslation();
  const { type = '' } = useParams();
  const session = useSession();
  const types = useChannelTypes();
  const assistants = useAssistants();
  const channelType = types.typeOf(type);
  const title = t('channels.connectTitle', { type: t(`channel.${type}`, { defaultValue: channelType?.displayName ?? type }) });
  if (!can(session.operator.role, 'configure')) {
    return (
      <Stack>
        <PageTitle>{title}</PageTitle>
        <Alert color="gray" variant="light">{t('channels.readOnly')}</Alert>
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      <PageTitle>{title}</PageTitle>
      <Anchor component={Link} to="/channels" size="sm">{t('channels.back')}</Anchor>
      <QueryState isLoading={types.isLoading || assistants.isLoading} error={types.error ?? assistants.error} onRetry={() => void types.refetch()} label={t('channels.loadingTypes')} />
      {types.data && !channelType && <Alert color="red" variant="light" role="alert">{t('channels.unknownType', { type })}</Alert>}
      {channelType && assistants.data && <NewChannelForm channelType={channelType} firstAssistant={assistants.assistants[0]?.id ?? null} />}
    </Stack>
  );
}

function NewChannelForm({ channelType, firstAssistant }: { channelType: ChannelType; firstAssistant: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { create } = useChannelMutations();
  const whatsapp = channelType.type === 'whatsapp';
  const [draft, setDraft] = useState<ChannelDraft>(() => ({
    name: '',
    assistantId: firstAssistant,
    // The verify token is ours to choose: a random one saves the operator from inventing it.
    config: { ...schemaDefaults(channelType.configSchema), ...(whatsapp ? { verifyToken: randomToken() } : {}) },
  }));
  const submit = () => {
    create.mutate(
      { type: channelType.type, assistantId: draft.assistantId ?? '', ...(draft.name.trim() ? { name: draft.name.trim() } : {}), config: draft.config },
      // The secret verify token is never readable again; the detail page shows it this once, for Meta's console.
      { onSuccess: (created) => navigate(`/channels/${created.id}`, { replace: true, state: whatsapp ? { verifyToken: draft.config.verifyToken } : undefined }) },
    );
  };
  const form = (
    <ChannelSettingsForm channelType={channelType} draft={draft} onChange={setDraft} onSubmit={submit} submitLabel={t('channels.connectButton')} busy={create.isPending} error={create.error} />
  );
  if (channelType.type === 'web_widget') {
    return (
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>{form}</Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}><WidgetPreviewPanel config={draft.config} /></Grid.Col>
      </Grid>
    );
  }
  return (
    <Stack gap="md" maw={880}>
      {whatsapp && <WhatsAppSetupGuide verifyToken={typeof draft.config.verifyToken === 'string' ? draft.config.verifyToken : undefined} />}
      {form}
    </Stack>
  );
}
