import { Alert, Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useChannelMutations, type Channel } from './channels-api';

/** Disable (reversible) and delete (for good), each behind a dialog that says what happens to customers. */
export function DangerZone({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { update, remove } = useChannelMutations();
  const [asking, setAsking] = useState<'disable' | 'delete' | null>(null);
  const active = channel.status === 'active';
  const close = () => {
    setAsking(null);
    update.reset();
    remove.reset();
  };
  const confirm = () => {
    if (asking === 'disable') update.mutate({ id: channel.id, patch: { status: 'disabled' } }, { onSuccess: close });
    if (asking === 'delete') remove.mutate(channel.id, { onSuccess: () => navigate('/channels', { replace: true }) });
  };
  const error = update.error ?? remove.error;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="danger-title" style={{ borderColor: 'var(--mantine-color-red-outline)' }}>
      <Stack gap="sm">
        <Title order={2} size="h4" id="danger-title">{t('channels.danger.title')}</Title>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text size="sm">{active ? t('channels.danger.disableHelp') : t('channels.danger.enableHelp')}</Text>
          {active ? (
            <Button color="orange" variant="light" onClick={() => setAsking('disable')} style={{ flexShrink: 0 }}>{t('channels.danger.disable')}</Button>
          ) : (
            <Button variant="light" onClick={() => update.mutate({ id: channel.id, patch: { status: 'active' } })} loading={update.isPending} style={{ flexShrink: 0 }}>
              {t('channels.danger.enable')}
            </Button>
          )}
        </Group>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text size="sm">{t('channels.danger.deleteHelp')}</Text>
          <Button color="red" variant="light" onClick={() => setAsking('delete')} style={{ flexShrink: 0 }}>{t('channels.danger.delete')}</Button>
        </Group>
        {error && !asking && <Alert color="red" variant="light" role="alert">{error.message}</Alert>}
      </Stack>
      <Modal opened={asking !== null} onClose={close} closeButtonProps={{ 'aria-label': t('channels.cancel') }} title={asking === 'delete' ? t('channels.danger.deleteTitle', { name: channel.name }) : t('channels.danger.disableTitle', { name: channel.name })} centered>
        <Stack gap="md">
          <Alert color={asking === 'delete' ? 'red' : 'orange'} variant="light" icon={<IconAlertTriangle aria-hidden />}>
            {asking === 'delete' ? t(`channels.danger.deleteWarning`) : t('channels.danger.disableWarning')}
          </Alert>
          {asking && <Text size="sm">{t(`channels.danger.consequence.${channel.type}`, { defaultValue: t('channels.danger.consequence.default') })}</Text>}
          {error && <Alert color="red" variant="light" role="alert">{error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('channels.cancel')}</Button>
            <Button color={asking === 'delete' ? 'red' : 'orange'} variant={asking === 'delete' ? 'filled' : 'light'} onClick={confirm} loading={update.isPending || remove.isPending}>
              {asking === 'delete' ? t('channels.danger.deleteConfirm') : t('channels.danger.disableConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
