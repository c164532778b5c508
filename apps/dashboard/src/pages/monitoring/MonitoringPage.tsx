import { Anchor, Badge, Button, Chip, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { can, useSession } from '../../auth/session-context';
import { PageTitle } from '../../components/PageTitle';
import { QueryState } from '../../components/QueryState';
import { useFormat } from '../../format/use-format';
import { ChannelBadge } from '../common/ChannelBadge';
import { ScrollTable } from '../common/ScrollTable';
import { useAssistants } from '../common/use-assistants';
import { num, str } from '../common/values';

type Item = components['schemas']['UnansweredItemView'];
type Reason = Item['reason'];
export const REASONS: Reason[] = ['llm_failed', 'timeout', 'tool_failed', 'delivery_failed', 'handed_over', 'window_closed', 'ai_disabled', 'budget_exhausted', 'rate_limited', 'pending'];

/** Counts per reason, most frequent first, for the chips above the queue. */
export function countByReason(items: Pick<Item, 'reason'>[]): Array<{ reason: Reason; count: number }> {
  const counts = new Map<Reason, number>();
  for (const item of items) counts.set(item.reason, (counts.get(item.reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || REASONS.indexOf(a.reason) - REASONS.indexOf(b.reason));
}

/** `/monitoring`: the customer messages nobody answered, by reason, and the alert rules with their state. */
export function MonitoringPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <PageTitle>{t('monitoring.title')}</PageTitle>
      <UnansweredQueue />
      <AlertRules />
    </Stack>
  );
}

function UnansweredQueue() {
  const { t } = useTranslation();
  const f = useFormat();
  const session = useSession();
  const assistants = useAssistants();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const reason = (REASONS as string[]).includes(params.get('reason') ?? '') ? (params.get('reason') as Reason) : null;
  // The chips count the whole queue (all reasons); the table shows the chosen reason.
  const all = useQuery({
    queryKey: ['unanswered', 'all'],
    queryFn: () => unwrap(t('monitoring.loading'), api.GET('/api/v1/unanswered', { params: { query: { limit: 200 } } })),
  });
  const list = useInfiniteQuery({
    queryKey: ['unanswered', reason],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(t('monitoring.loading'), api.GET('/api/v1/unanswered', { params: { query: { limit: 50, ...(reason ? { reason } : {}), ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const retry = useMutation({
    // The item names the call that retries it; a failed delivery is retried on the reply message, the rest per conversation.
    mutationFn: async (item: Item): Promise<unknown> => {
      const delivery = /^\/api\/v1\/messages\/([^/]+)\/retry-delivery$/.exec(item.retry?.path ?? '');
      if (delivery) return unwrap(t('monitoring.retryFailed'), api.POST('/api/v1/messages/{id}/retry-delivery', { params: { path: { id: delivery[1] } } }));
      return unwrap(t('monitoring.retryFailed'), api.POST('/api/v1/conversations/{id}/retry-reply', { params: { path: { id: item.conversationId } } }));
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['unanswered'] }),
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const counts = countByReason(all.data?.items ?? []);
  const more = all.data?.nextCursor ? '+' : '';
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="unanswered-title">
      <Title order={2} size="h4" id="unanswered-title" mb={4}>{t('monitoring.unanswered')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('monitoring.unansweredHint')}</Text>
      <Group gap="xs" mb="sm" role="group" aria-label={t('monitoring.byReason')}>
        <Chip checked={!reason} onChange={() => setParams({})} size="sm">{t('monitoring.allReasons', { count: all.data?.items.length ?? 0 })}{more}</Chip>
        {counts.map(({ reason: r, count }) => (
          <Chip key={r} checked={reason === r} onChange={() => setParams({ reason: r })} size="sm" wrapperProps={{ 'data-testid': `reason-${r}` }}>
            {t(`monitoring.reason.${r}`)}: {count}{more}
          </Chip>
        ))}
      </Group>
      {retry.error && <Text size="sm" c="var(--mantine-color-red-text)" role="alert" mb="xs">{retry.error.message}</Text>}
      {!list.data ? (
        <QueryState isLoading={list.isLoading} error={list.error} onRetry={() => void list.refetch()} label={t('monitoring.loading')} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">{t('monitoring.noneUnanswered')}</Text>
      ) : (
        <>
          <ScrollTable label={t('monitoring.unanswered')} minWidth={720}>
            <Table striped fz="sm" aria-label={t('monitoring.unanswered')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('monitoring.col.time')}</Table.Th>
                  <Table.Th>{t('monitoring.col.reason')}</Table.Th>
                  <Table.Th>{t('monitoring.col.message')}</Table.Th>
                  <Table.Th>{t('monitoring.col.assistant')}</Table.Th>
                  <Table.Th>{t('monitoring.col.channel')}</Table.Th>
                  <Table.Th><VisuallyHidden>{t('monitoring.col.actions')}</VisuallyHidden></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.messageId}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{f.listTime(item.createdAt)}</Table.Td>
                    <Table.Td><Badge variant="light" color={item.retryable ? 'red' : 'gray'} tt="none">{t(`monitoring.reason.${item.reason}`)}</Badge></Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/chats/${item.conversationId}`} size="sm">{item.excerpt ?? t('monitoring.noText')}</Anchor>
                      {item.detail && <Text size="xs" c="dimmed">{item.detail}</Text>}
                    </Table.Td>
                    <Table.Td>{assistants.nameOf(item.assistantId)}</Table.Td>
                    <Table.Td><ChannelBadge channel={item.channel} /></Table.Td>
                    <Table.Td>
                      {item.retryable && item.retry && can(session.operator.role, 'converse') && (
                        <Button size="compact-xs" variant="light" onClick={() => retry.mutate(item)} loading={retry.isPending && retry.variables?.messageId === item.messageId}>{t('monitoring.retry')}</Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          {list.hasNextPage && <Group justify="center" mt="sm"><Button variant="default" size="xs" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('monitoring.loadMore')}</Button></Group>}
        </>
      )}
    </Paper>
  );
}

function AlertRules() {
  const { t } = useTranslation();
  const f = useFormat();
  const assistants = useAssistants();
  const rules = useQuery({ queryKey: ['alert-rules'], queryFn: () => unwrap(t('monitoring.loadingRules'), api.GET('/api/v1/alert-rules')), refetchInterval: 30_000 });
  const threshold = (metric: string, value: number | null) => {
    if (value === null) return '–';
    if (metric === 'response_time_p95') return f.duration(value);
    if (metric === 'error_rate') return f.percent(value);
    // Cost rules are set in whole currency units (USD), not micro-units.
    if (metric === 'cost') return new Intl.NumberFormat(f.locale, { style: 'currency', currency: 'USD' }).format(value);
    return f.number(value);
  };
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="rules-title">
      <Title order={2} size="h4" id="rules-title" mb="sm">{t('monitoring.alertRules')}</Title>
      {!rules.data ? (
        <QueryState isLoading={rules.isLoading} error={rules.error} onRetry={() => void rules.refetch()} label={t('monitoring.loadingRules')} />
      ) : rules.data.length === 0 ? (
        <Text size="sm" c="dimmed">{t('monitoring.noRules')}</Text>
      ) : (
        <ScrollTable label={t('monitoring.alertRules')} minWidth={720}>
          <Table striped fz="sm" aria-label={t('monitoring.alertRules')}>
            <Table.Thead>
              <Table.Tr>
                {['name', 'state', 'metric', 'threshold', 'lastValue', 'scope', 'evaluated'].map((c) => <Table.Th key={c}>{t(`monitoring.rule.${c}`)}</Table.Th>)}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.data.map((rule) => (
                <Table.Tr key={rule.id} data-testid="alert-rule">
                  <Table.Td>{rule.name}</Table.Td>
                  <Table.Td>
                    {!rule.enabled ? <Badge color="gray" variant="light" tt="none">{t('monitoring.rule.disabled')}</Badge>
                      : <Badge color={rule.state === 'firing' ? 'red' : 'green'} variant={rule.state === 'firing' ? 'filled' : 'light'} tt="none">{t(`monitoring.rule.stateValue.${rule.state}`)}</Badge>}
                  </Table.Td>
                  <Table.Td>{t(`monitoring.rule.metricValue.${rule.metric}`)}</Table.Td>
                  <Table.Td>&gt; {threshold(rule.metric, rule.threshold)} · {t('monitoring.rule.window', { minutes: rule.windowMinutes })}</Table.Td>
                  <Table.Td>{threshold(rule.metric, num(rule.lastValue))}</Table.Td>
                  <Table.Td>
                    {[str(rule.assistantId) ? assistants.nameOf(str(rule.assistantId)) : null, str(rule.channel) ? t(`channel.${str(rule.channel)}`, { defaultValue: str(rule.channel)! }) : null].filter(Boolean).join(' · ') || t('monitoring.rule.everything')}
                  </Table.Td>
                  <Table.Td>{f.dateTime(str(rule.lastEvaluatedAt))}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Paper>
  );
}
