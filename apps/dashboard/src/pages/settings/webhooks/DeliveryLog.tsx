import { Badge, Button, Code, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import { QueryState } from '../../../components/QueryState';
import { useFormat } from '../../../format/use-format';
import { ScrollTable } from '../../common/ScrollTable';

type Webhook = components['schemas']['WebhookView'];
type Delivery = components['schemas']['WebhookDeliveryView'];
const STATUS_COLOR: Record<string, string> = { pending: 'yellow', succeeded: 'teal', failed: 'red' };

/** The endpoint's last deliveries, newest first, each attempt with its answer; refreshed while any is still pending. */
export function DeliveryLog({ endpoint }: { endpoint: Webhook }) {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const key = ['webhooks', endpoint.id, 'deliveries'];
  const log = useQuery({
    queryKey: key,
    queryFn: () => unwrap(t('settings.webhooks.loadingLog'), api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id: endpoint.id } } })),
    refetchInterval: (q) => ((q.state.data ?? []).some((d) => d.status === 'pending') ? 2_000 : 10_000),
  });
  const resend = useMutation({
    mutationFn: (deliveryId: string) =>
      unwrap(t('settings.webhooks.resending'), api.POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/resend', { params: { path: { id: endpoint.id, deliveryId } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  const deliveries = log.data ?? [];
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="delivery-log-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="delivery-log-title">{t('settings.webhooks.logTitle', { url: endpoint.url })}</Title>
        {resend.error && <Text size="sm" c="var(--mantine-color-red-text)" role="alert">{resend.error.message}</Text>}
        {!log.data ? (
          <QueryState isLoading={log.isLoading} error={log.error} onRetry={() => void log.refetch()} label={t('settings.webhooks.loadingLog')} />
        ) : deliveries.length === 0 ? (
          <Text size="sm" c="dimmed">{t('settings.webhooks.noDeliveries')}</Text>
        ) : (
          <ScrollTable label={t('settings.webhooks.logTable')} minWidth={760}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('settings.webhooks.event')}</Table.Th>
                  <Table.Th>{t('settings.webhooks.occurred')}</Table.Th>
                  <Table.Th>{t('settings.status')}</Table.Th>
                  <Table.Th>{t('settings.webhooks.attempts')}</Table.Th>
                  <Table.Th><VisuallyHidden>{t('settings.actions')}</VisuallyHidden></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {deliveries.map((d) => (
                  <Table.Tr key={d.id} data-testid="delivery">
                    <Table.Td><Code>{d.eventType}</Code></Table.Td>
                    <Table.Td><Text size="sm">{f.dateTime(d.createdAt)}</Text></Table.Td>
                    <Table.Td><Badge variant="light" color={STATUS_COLOR[d.status] ?? 'gray'}>{t(`settings.webhooks.delivery.${d.status}`)}</Badge></Table.Td>
                    <Table.Td><Attempts delivery={d} /></Table.Td>
                    <Table.Td>
                      {d.status !== 'pending' && endpoint.status === 'active' && (
                        <Button size="xs" variant="light" leftSection={<IconRefresh size={14} aria-hidden />} loading={resend.isPending && resend.variables === d.id}
                          onClick={() => resend.mutate(d.id)} aria-label={t('settings.webhooks.resendOne', { event: d.eventType, time: f.dateTime(d.createdAt) })}>
                          {t('settings.webhooks.resend')}
                        </Button>
                      )}
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

function Attempts({ delivery }: { delivery: Delivery }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (delivery.log.length === 0) return <Text size="sm" c="dimmed">{t('settings.webhooks.notYet')}</Text>;
  return (
    <Stack gap={2} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('settings.webhooks.attemptsOf', { event: delivery.eventType })}>
      {delivery.log.map((a) => (
        <Group key={a.attempt} gap={6} component="li" wrap="nowrap" data-testid="attempt">
          <Text size="xs" c="dimmed">#{a.attempt}</Text>
          <Badge size="sm" variant="outline" color={a.statusCode && a.statusCode < 300 ? 'teal' : 'red'}>{a.statusCode ?? t('settings.webhooks.noAnswer')}</Badge>
          <Text size="xs">{f.duration(a.durationMs)} · {f.dateTime(a.at)}</Text>
          {a.error && <Text size="xs" c="var(--mantine-color-red-text)" title={String(a.error)} lineClamp={1}>{String(a.error)}</Text>}
        </Group>
      ))}
    </Stack>
  );
}
