import { Badge, Button, Paper, Stack, Switch, Table, Text, VisuallyHidden } from '@mantine/core';
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
import { useAssistants } from '../../common/use-assistants';
import { ConfirmDialog } from '../ConfirmDialog';
import { CreateAlertDialog } from './CreateAlertDialog';
import { formatThreshold } from './threshold';

type Rule = components['schemas']['AlertRuleView'];
const KEY = ['alert-rules'] as const;

/** `/settings/alerts`: rules that fire when a figure crosses its threshold (sent as alert.firing webhooks). */
export function AlertsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const assistants = useAssistants();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: KEY, queryFn: () => unwrap(t('settings.alerts.loading'), api.GET('/api/v1/alert-rules')), refetchInterval: 30_000 });
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: KEY });
  const toggle = useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      unwrap(t('settings.alerts.saving'), api.PATCH('/api/v1/alert-rules/{id}', { params: { path: { id } }, body: { enabled } })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(t('settings.alerts.deleting'), api.DELETE('/api/v1/alert-rules/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      setDeleting(null);
      refresh();
    },
  });
  const rules = list.data ?? [];
  return (
    <Stack gap="md">
      <PageTitle actions={<Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>{t('settings.alerts.add')}</Button>}>
        {t('settings.alerts.title')}
      </PageTitle>
      <Text size="sm" c="dimmed" maw={720}>{t('settings.alerts.intro')}</Text>
      {toggle.error && <Text size="sm" c="var(--mantine-color-red-text)" role="alert">{toggle.error.message}</Text>}
      {!list.data ? (
        <QueryState isLoading={list.isLoading} error={list.error} onRetry={() => void list.refetch()} label={t('settings.alerts.loading')} />
      ) : rules.length === 0 ? (
        <Paper withBorder radius="md" p="lg"><Text size="sm" c="dimmed">{t('settings.alerts.empty')}</Text></Paper>
      ) : (
        <ScrollTable label={t('settings.alerts.title')} minWidth={820}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.alerts.name')}</Table.Th>
                <Table.Th>{t('settings.alerts.metric')}</Table.Th>
                <Table.Th>{t('settings.alerts.threshold')}</Table.Th>
                <Table.Th>{t('settings.alerts.scope')}</Table.Th>
                <Table.Th>{t('settings.status')}</Table.Th>
                <Table.Th>{t('settings.alerts.enabled')}</Table.Th>
                <Table.Th><VisuallyHidden>{t('settings.actions')}</VisuallyHidden></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.map((r) => (
                <Table.Tr key={r.id} data-testid="alert-rule">
                  <Table.Td><Text size="sm" fw={500}>{r.name}</Text></Table.Td>
                  <Table.Td><Text size="sm">{t(`settings.alerts.metrics.${r.metric}`)}</Text></Table.Td>
                  <Table.Td>
                    <Text size="sm">{t('settings.alerts.above', { value: formatThreshold(r.metric, r.threshold, f), minutes: r.windowMinutes })}</Text>
                    {r.lastValue !== null && r.lastValue !== undefined && (
                      <Text size="xs" c="dimmed">{t('settings.alerts.last', { value: formatThreshold(r.metric, Number(r.lastValue), f) })}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {r.assistantId ? assistants.nameOf(String(r.assistantId)) : t('settings.alerts.allAssistants')}
                      {r.channel ? ` · ${t(`channel.${String(r.channel)}`, { defaultValue: String(r.channel) })}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td><Badge variant="light" color={r.state === 'firing' ? 'red' : 'teal'}>{t(`settings.alerts.state.${r.state}`)}</Badge></Table.Td>
                  <Table.Td>
                    <Switch aria-label={t('settings.alerts.enabledOf', { name: r.name })} checked={r.enabled} disabled={toggle.isPending}
                      onChange={(e) => toggle.mutate({ id: r.id, enabled: e.currentTarget.checked })} />
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(r)} aria-label={t('settings.alerts.deleteOne', { name: r.name })}>{t('settings.delete')}</Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <CreateAlertDialog opened={creating} onClose={() => setCreating(false)} onCreated={() => {
        setCreating(false);
        refresh();
      }} />
      <ConfirmDialog opened={deleting !== null} title={t('settings.alerts.deleteTitle')} message={t('settings.alerts.deleteMessage', { name: deleting?.name ?? '' })}
        confirmLabel={t('settings.delete')} busy={remove.isPending} error={remove.error?.message}
        onConfirm={() => deleting && remove.mutate(deleting.id)} onClose={() => { setDeleting(null); remove.reset(); }} />
    </Stack>
  );
}
