import { Alert, Anchor, Grid, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { can, useSession } from '../../auth/session-context';
import { PageTitle } from '../../components/PageTitle';
import { QueryState } from '../../components/QueryState';
import { ChannelBadge } from '../common/ChannelBadge';
import { ChannelSettingsForm, type ChannelDraft } from './ChannelSettingsForm';
import { StatusBadge } from './ChannelsPage';
import { CopyField } from './CopyField';
import { DangerZone } from './DangerZone';
import { ApiChannelGuide, WidgetPreviewPanel, WidgetSnippetPanel } from './IntegrationPanels';
import { VerifyTokenControl, WhatsAppHealthPanel, WhatsAppSetupGuide, WhatsAppTemplatesPanel } from './WhatsAppPanels';
import { useChannel, useChannelMutations, useChannelTypes, type Channel, type ChannelType } from './channels-api';

/** `/channels/{id}`: one connection: its guide and health, its settings (secrets write-only), disable and delete. */
export function ChannelPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const channel = useChannel(id);
  const types = useChannelTypes();
  const channelType = channel.data ? types.typeOf(channel.data.type) : undefined;
  return (
    <Stack gap="md">
      <PageTitle actions={channel.data ? <Group gap="xs"><ChannelBadge channel={channel.data.type} /><StatusBadge status={channel.data.status} /></Group> : undefined}>
        {channel.data?.name ?? t('channels.title')}
      </PageTitle>
      <Anchor component={Link} to="/channels" size="sm">{t('channels.back')}</Anchor>
      <QueryState isLoading={channel.isLoading || types.isLoading} error={channel.error ?? types.error} onRetry={() => void channel.refetch()} label={t('channels.loadingOne')} />
      {channel.data && types.data && !channelType && <Alert color="orange" variant="light">{t('channels.pluginMissing', { type: channel.data.type })}</Alert>}
      {channel.data && channelType && <ChannelDetail key={channel.data.id} channel={channel.data} channelType={channelType} />}
    </Stack>
  );
}

function draftOf(channel: Channel): ChannelDraft {
  return { name: channel.name, assistantId: channel.assistantId, config: { ...channel.config } };
}

function ChannelDetail({ channel, channelType }: { channel: Channel; channelType: ChannelType }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const canEdit = can(session.operator.role, 'configure');
  const { update } = useChannelMutations();
  const [draft, setDraft] = useState<ChannelDraft>(() => draftOf(channel));
  const [saved, setSaved] = useState(false);
  const shownToken = (location.state as { verifyToken?: string } | null)?.verifyToken;
  const save = () => {
    setSaved(false);
    update.mutate(
      { id: channel.id, patch: { name: draft.name.trim() || channel.name, ...(draft.assistantId ? { assistantId: draft.assistantId } : {}), config: draft.config } },
      // Typed secrets are stored now: the form goes back to "stored – leave empty to keep".
      { onSuccess: (next) => { setDraft(draftOf(next)); setSaved(true); } },
    );
  };
  const form = (
    <Stack gap="sm">
      <ChannelSettingsForm
        channelType={channelType} draft={draft} onChange={(d) => { setDraft(d); setSaved(false); }} onSubmit={save}
        submitLabel={t('channels.save')} busy={update.isPending} error={update.error} storedSecrets={channel.secretsSet} disabled={!canEdit}
      />
      {saved && <Alert color="teal" variant="light" role="status">{t('channels.saved')}</Alert>}
      {!canEdit && <Alert color="gray" variant="light">{t('channels.readOnly')}</Alert>}
    </Stack>
  );
  const type = channel.type;
  return (
    <Stack gap="md">
      {channel.status === 'disabled' && <Alert color="orange" variant="light" title={t('channels.disabledTitle')}>{t('channels.disabledText')}</Alert>}
      {type === 'whatsapp' && (
        <>
          <WhatsAppSetupGuide webhookUrl={channel.webhookUrl}>
            <VerifyTokenControl channel={channel} shownToken={shownToken} canEdit={canEdit} />
          </WhatsAppSetupGuide>
          <WhatsAppHealthPanel channel={channel} />
          <WhatsAppTemplatesPanel channel={channel} canEdit={canEdit} />
        </>
      )}
      {type === 'web_widget' && <WidgetSnippetPanel channel={channel} />}
      {type === 'api' && <ApiChannelGuide channel={channel} />}
      {type !== 'whatsapp' && channel.webhookUrl && <CopyField label={t('channels.webhookUrl')} value={channel.webhookUrl} />}
      {type === 'web_widget' ? (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>{form}</Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}><WidgetPreviewPanel config={draft.config} /></Grid.Col>
        </Grid>
      ) : form}
      {canEdit && <DangerZone channel={channel} />}
    </Stack>
  );
}
