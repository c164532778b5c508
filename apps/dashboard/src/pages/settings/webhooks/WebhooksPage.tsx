import { Badge, Button, Group, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { useFormat } from '../../../format/use-format';
import { ScrollTable } from '../../common/ScrollTable';
import { ConfirmDialog } from '../ConfirmDialog';
import { ShownOnce } from '../ShownOnce';
import { CreateWebhookDialog } from './CreateWebhookDialog';
import { DeliveryLog } from './DeliveryLog';

type Webhook = components['schemas']['WebhookView'];
export const WEBHOOKS_KEY = ['webhooks'] as const;

/** `/settings/webhooks`: endpoints that receive the tenant's events, each with its delivery log. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: WEBHOOKS_KEY, queryFn: () => unwrap(t('settings.webhooks.loading'), api.GET('/api/v1/webhooks')) });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [disabling, setDisabling] = useState<Webhook | null>(null);
  const disable = useMutation({
    mutationFn: (id: string) => unwrap(t('settings.webhooks.disabling'), api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      setDisabling(null);
      void queryClient.invalidateQueries({ queryKey: WEBHOOKS_KEY });
    },
  });
  const endpoints = list.data ?? [];
  const shown = endpoints.find((e) => e.id === selected) ?? null;

  return (
    <Stack gap="md">
      <PageTitle actions={<Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>{t('settings.webhooks.add')}</Button>}>
        {t('settings.webhooks.title')}
      </PageTitle>
      <Text size="sm" c="dimmed" maw={720}>{t('settings.webhooks.intro')}</Text>
      {!list.data ? (
        <QueryState isLoading={list.isLoading} error={list.error} onRetry={() => void list.refetch()} label={t('settings.webhooks.loading')} />
      ) : endpoints.length === 0 ? (
        <Paper withBorder radius="md" p="lg">
          <Stack gap="xs" align="flex-start">
            <Text fw={500}>{t('settings.webhooks.emptyTitle')}</Text>
            <Text size="sm" c="dimmed">{t('settings.webhooks.empty')}</Text>
            <Button variant="light" onClick={() => setCreating(true)}>{t('settings.webhooks.add')}</Button>
          </Stack>
        </Paper>
      ) : (
        <ScrollTable label={t('settings.webhooks.title')} minWidth={720}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.webhooks.url')}</Table.Th>
                <Table.Th>{t('settings.webhooks.events')}</Table.Th>
                <Table.Th>{t('settings.status')}</Table.Th>
                <Table.Th>{t('settings.created')}</Table.Th>
                <Table.Th><VisuallyHidden>{t('settings.actions')}</VisuallyHidden></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {endpoints.map((e) => (
                <Table.Tr key={e.id} aria-selected={e.id === selected}>
                  <Table.Td>
                    <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>{e.url}</Text>
                    {e.description && <Text size="xs" c="dimmed">{String(e.description)}</Text>}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>{e.events.map((ev) => <Badge key={ev} variant="light" color="gray" tt="none">{ev}</Badge>)}</Group>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={e.status === 'active' ? 'teal' : 'gray'}>{t(`settings.webhooks.status.${e.status}`)}</Badge>
                  </Table.Td>
                  <Table.Td><Text size="sm">{f.dateTime(e.createdAt)}</Text></Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap" justify="flex-end">
                      <Button size="xs" variant={e.id === selected ? 'filled' : 'light'} onClick={() => setSelected(e.id === selected ? null : e.id)}
                        aria-label={t('settings.webhooks.showLog', { url: e.url })} aria-expanded={e.id === selected}>
                        {t('settings.webhooks.log')}
                      </Button>
                      {e.status === 'active' && (
                        <Button size="xs" variant="subtle" color="red" onClick={() => setDisabling(e)} aria-label={t('settings.webhooks.disableOne', { url: e.url })}>
                          {t('settings.webhooks.disable')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {shown && <DeliveryLog endpoint={shown} />}
      <CreateWebhookDialog opened={creating} onClose={() => setCreating(false)} onCreated={(created) => {
        setCreating(false);
        setSecret(created.secret);
        setSelected(created.id);
        void queryClient.invalidateQueries({ queryKey: WEBHOOKS_KEY });
      }} />
      <ShownOnce title={t('settings.webhooks.secretTitle')} label={t('settings.webhooks.secretLabel')} value={secret} onClose={() => setSecret(null)} />
      <ConfirmDialog opened={disabling !== null} title={t('settings.webhooks.disableTitle')} message={t('settings.webhooks.disableMessage', { url: disabling?.url ?? '' })}
        confirmLabel={t('settings.webhooks.disable')} busy={disable.isPending} error={disable.error?.message}
        onConfirm={() => disabling && disable.mutate(disabling.id)} onClose={() => { setDisabling(null); disable.reset(); }} />
    </Stack>
  );
}
