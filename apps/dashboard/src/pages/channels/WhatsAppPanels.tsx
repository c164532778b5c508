import { Alert, Badge, Button, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/QueryState';
import { useFormat } from '../../format/use-format';
import { ScrollTable } from '../common/ScrollTable';
import { CopyField } from './CopyField';
import { randomToken, useChannelMutations, useTemplates, useWhatsAppHealth, type Channel } from './channels-api';

/** The steps in Meta's App Dashboard, in order, with the two values to paste there. */
export function WhatsAppSetupGuide({ webhookUrl, verifyToken, children }: { webhookUrl?: string; verifyToken?: string; children?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="wa-setup-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="wa-setup-title">{t('channels.whatsapp.setupTitle')}</Title>
        <List type="ordered" size="sm" spacing={4}>
          <List.Item>{t('channels.whatsapp.step1')}</List.Item>
          <List.Item>{t('channels.whatsapp.step2')}</List.Item>
          <List.Item>{t('channels.whatsapp.step3')}</List.Item>
          <List.Item>{t('channels.whatsapp.step4')}</List.Item>
        </List>
        {webhookUrl ? (
          <CopyField label={t('channels.whatsapp.webhookUrl')} value={webhookUrl} description={t('channels.whatsapp.webhookUrlHelp')} />
        ) : (
          <Text size="sm" c="dimmed">{t('channels.whatsapp.webhookUrlAfterSave')}</Text>
        )}
        {verifyToken && <CopyField label={t('channels.whatsapp.verifyToken')} value={verifyToken} description={t('channels.whatsapp.verifyTokenHelp')} />}
        {children}
      </Stack>
    </Paper>
  );
}

/**
 * The verify token is a secret, so the server never gives it back: it is shown right after it was chosen, and an
 * admin who lost it sets a new one here (then pastes that into Meta's console).
 */
export function VerifyTokenControl({ channel, shownToken, canEdit }: { channel: Channel; shownToken?: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const { update } = useChannelMutations();
  const [fresh, setFresh] = useState<string | undefined>(shownToken);
  const renew = () => {
    const token = randomToken();
    update.mutate({ id: channel.id, patch: { config: { ...channel.config, verifyToken: token } } }, { onSuccess: () => setFresh(token) });
  };
  return (
    <Stack gap="xs">
      {fresh ? (
        <CopyField label={t('channels.whatsapp.verifyToken')} value={fresh} description={t('channels.whatsapp.verifyTokenShownOnce')} />
      ) : (
        <Text size="sm" c="dimmed">{t('channels.whatsapp.verifyTokenStored')}</Text>
      )}
      {canEdit && (
        <Group>
          <Button variant="default" size="xs" onClick={renew} loading={update.isPending}>{t('channels.whatsapp.newVerifyToken')}</Button>
        </Group>
      )}
      {update.error && <Alert color="red" variant="light" role="alert">{update.error.message}</Alert>}
    </Stack>
  );
}

const QUALITY_COLORS: Record<string, string> = { GREEN: 'teal', YELLOW: 'yellow', RED: 'red' };

/** What the webhook last saw and how Meta rates the number now; refreshed every half minute. */
export function WhatsAppHealthPanel({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const f = useFormat();
  const active = channel.status === 'active';
  const health = useWhatsAppHealth(channel.id, active);
  const h = health.data;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="wa-health-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="wa-health-title">{t('channels.whatsapp.healthTitle')}</Title>
          {active && (
            <Button variant="subtle" size="xs" leftSection={<IconRefresh size={14} aria-hidden />} onClick={() => void health.refetch()} loading={health.isFetching}>
              {t('channels.refresh')}
            </Button>
          )}
        </Group>
        {!active && <Text size="sm" c="dimmed">{t('channels.whatsapp.healthDisabled')}</Text>}
        <QueryState isLoading={health.isLoading && active} error={health.error} onRetry={() => void health.refetch()} label={t('channels.whatsapp.loadingHealth')} />
        {h && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" component="dl" m={0}>
            <HealthItem label={t('channels.whatsapp.lastWebhook')}>
              {h.lastWebhookAt ? f.dateTime(h.lastWebhookAt) : <Text span c="dimmed" size="sm">{t('channels.whatsapp.noWebhookYet')}</Text>}
            </HealthItem>
            <HealthItem label={t('channels.whatsapp.lastError')}>
              {h.lastError ? (
                <Group component="span" gap={6} wrap="nowrap" align="flex-start">
                  <IconAlertTriangle size={16} color="var(--mantine-color-red-6)" aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
                  <span>{`${h.lastError.title} (${h.lastError.code}) · ${f.dateTime(h.lastError.at)}`}</span>
                </Group>
              ) : (
                <Text span c="dimmed" size="sm">{t('channels.whatsapp.noError')}</Text>
              )}
            </HealthItem>
            <HealthItem label={t('channels.whatsapp.quality')}>
              {h.qualityRating ? (
                <Badge color={QUALITY_COLORS[h.qualityRating] ?? 'gray'} variant="light" tt="none">
                  {t(`channels.whatsapp.qualityRating.${h.qualityRating}`, { defaultValue: h.qualityRating })}
                </Badge>
              ) : <Text span c="dimmed" size="sm">{t('channels.whatsapp.notReported')}</Text>}
            </HealthItem>
            <HealthItem label={t('channels.whatsapp.messagingLimit')}>
              {h.messagingLimitTier ? t(`channels.whatsapp.tier.${h.messagingLimitTier}`, { defaultValue: h.messagingLimitTier }) : <Text span c="dimmed" size="sm">{t('channels.whatsapp.notReported')}</Text>}
            </HealthItem>
            {h.displayPhoneNumber && <HealthItem label={t('channels.whatsapp.number')}>{[h.displayPhoneNumber, h.verifiedName].filter(Boolean).join(' · ')}</HealthItem>}
          </SimpleGrid>
        )}
        {h?.providerError && <Alert color="orange" variant="light" title={t('channels.whatsapp.graphUnavailable')}>{h.providerError}</Alert>}
      </Stack>
    </Paper>
  );
}

function HealthItem({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={500}>{label}</Text>
      <Text component="dd" size="sm" m={0}>{children}</Text>
    </div>
  );
}

const TEMPLATE_STATUS_COLORS: Record<string, string> = { APPROVED: 'teal', PENDING: 'yellow', REJECTED: 'red', PAUSED: 'orange', DISABLED: 'gray' };

/** The message templates as of the last sync, with Meta's review status and category; admins sync them. */
export function WhatsAppTemplatesPanel({ channel, canEdit }: { channel: Channel; canEdit: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const active = channel.status === 'active';
  const { list, sync } = useTemplates(channel.id, active);
  const templates = list.data?.templates ?? [];
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="wa-templates-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <div>
            <Title order={2} size="h4" id="wa-templates-title">{t('channels.whatsapp.templatesTitle')}</Title>
            <Text size="xs" c="dimmed">
              {list.data?.syncedAt ? t('channels.whatsapp.syncedAt', { at: f.dateTime(list.data.syncedAt) }) : t('channels.whatsapp.neverSynced')}
            </Text>
          </div>
          {canEdit && active && (
            <Button variant="default" size="xs" leftSection={<IconRefresh size={14} aria-hidden />} onClick={() => sync.mutate()} loading={sync.isPending}>
              {t('channels.whatsapp.sync')}
            </Button>
          )}
        </Group>
        <QueryState isLoading={list.isLoading && active} error={list.error} onRetry={() => void list.refetch()} label={t('channels.whatsapp.loadingTemplates')} />
        {sync.error && <Alert color="red" variant="light" role="alert">{sync.error.message}</Alert>}
        {list.data && !templates.length && <Text size="sm" c="dimmed">{t('channels.whatsapp.noTemplates')}</Text>}
        {templates.length > 0 && (
          <ScrollTable label={t('channels.whatsapp.templatesTitle')} minWidth={480}>
            <Table verticalSpacing="xs" aria-label={t('channels.whatsapp.templatesTitle')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('channels.whatsapp.templateName')}</Table.Th>
                  <Table.Th>{t('channels.whatsapp.templateLanguage')}</Table.Th>
                  <Table.Th>{t('channels.whatsapp.templateCategory')}</Table.Th>
                  <Table.Th>{t('channels.whatsapp.templateStatus')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {templates.map((tpl) => (
                  <Table.Tr key={`${tpl.name}/${tpl.language}`}>
                    <Table.Td ff="monospace" fz="sm">{tpl.name}</Table.Td>
                    <Table.Td>{tpl.language}</Table.Td>
                    <Table.Td>{tpl.category ? t(`channels.whatsapp.category.${tpl.category}`, { defaultValue: tpl.category }) : '–'}</Table.Td>
                    <Table.Td>
                      <Badge color={TEMPLATE_STATUS_COLORS[tpl.status] ?? 'gray'} variant="light" tt="none">
                        {t(`channels.whatsapp.templateState.${tpl.status}`, { defaultValue: tpl.status })}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Stack>
    </Paper>
  );
}
