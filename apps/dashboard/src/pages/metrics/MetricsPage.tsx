import { Group, Paper, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useSession } from '../../auth/session-context';
import { PageTitle } from '../../components/PageTitle';
import { QueryState } from '../../components/QueryState';
import { useFormat } from '../../format/use-format';
import { ChannelBadge } from '../common/ChannelBadge';
import { ScrollTable } from '../common/ScrollTable';
import { useAssistants } from '../common/use-assistants';
import { EChart } from './EChart';
import { filtersFromParams, filtersToParams, metricsQuery, presetOf, presetRange, PRESETS, type MetricsFilters, type Preset } from './metrics-filters';
import { DayInput } from '../../components/DayInput';

type Figures = components['schemas']['MetricsFiguresView'];
const CHANNELS = ['whatsapp', 'web_widget', 'api', 'test'];
// The same colours as the channel badges, so WhatsApp is green in the chart as in the lists.
const CHANNEL_COLORS: Record<string, string> = { whatsapp: '#2f9e44', web_widget: '#1c7ed6', api: '#9c36b5', test: '#f76707' };

/** `/metrics`: the seed's five figures and what goes wrong, per assistant and channel, with charts over the range. */
export function MetricsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const session = useSession();
  const timeZone = session.tenant.timezone || 'UTC';
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params, new Date(), timeZone);
  const preset = presetOf(filters, new Date(), timeZone);
  const update = (patch: Partial<MetricsFilters>) => setParams(filtersToParams({ ...filters, ...patch }));
  const assistants = useAssistants();
  const query = metricsQuery(filters);

  const fetchMetrics = (extra: Record<string, string>) =>
    unwrap(t('metrics.loading'), api.GET('/api/v1/metrics', { params: { query: { ...query, interval: 'day', ...extra } } }));
  const byChannel = useQuery({ queryKey: ['metrics', query, 'channel'], queryFn: () => fetchMetrics({ groupBy: 'channel' }) });
  const byAssistant = useQuery({ queryKey: ['metrics', query, 'assistant'], queryFn: () => fetchMetrics({ groupBy: 'assistant' }) });
  const channels = (byChannel.data?.groups ?? []).map((g) => g.key);
  // The API's series is one line for the selection; chats per day by channel needs a series per channel.
  const perChannel = useQueries({
    queries: channels.map((channel) => ({
      queryKey: ['metrics', { ...query, channel }, 'series'],
      queryFn: () => unwrap(t('metrics.loading'), api.GET('/api/v1/metrics', { params: { query: { ...query, channel, interval: 'day' } } })),
    })),
  });

  const data = byChannel.data;
  const series = data?.series ?? [];
  const days = series.map((p) => p.key);
  const axis = (formatter?: (v: number) => string): EChartsCoreOption => ({
    tooltip: { trigger: 'axis', ...(formatter ? { valueFormatter: (v: number) => formatter(v) } : {}) },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0 },
    xAxis: { type: 'category', data: days.map((d) => f.date(`${d}T12:00:00Z`)) },
    yAxis: { type: 'value', minInterval: 1, ...(formatter ? { axisLabel: { formatter } } : {}) },
  });
  const charts = useMemo(() => {
    if (!data) return null;
    return {
      chats: {
        ...axis(),
        series: channels.map((channel, i) => ({
          name: t(`channel.${channel}`, { defaultValue: channel }), type: 'bar', stack: 'chats', itemStyle: CHANNEL_COLORS[channel] ? { color: CHANNEL_COLORS[channel] } : undefined,
          data: perChannel[i]?.data?.series.map((p) => p.chats) ?? [],
        })),
      },
      responseTime: {
        ...axis((v) => f.duration(v)),
        series: [
          { name: 'p50', type: 'line', connectNulls: false, data: series.map((p) => p.responseTimeMs.p50) },
          { name: 'p95', type: 'line', connectNulls: false, data: series.map((p) => p.responseTimeMs.p95) },
        ],
      },
      responseRate: {
        ...axis((v) => f.percent(v, 0)),
        yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => f.percent(v, 0) } },
        series: [{ name: t('metrics.responseRate'), type: 'line', data: series.map((p) => p.responseRate) }],
      },
      // Money is charted in integer micro-units and only formatted for the labels, so no amount becomes a float.
      costPerChat: {
        ...axis((v) => f.money(Math.round(v))),
        yAxis: { type: 'value', axisLabel: { formatter: (v: number) => f.money(Math.round(v)) } },
        series: [{ name: t('metrics.costPerChat'), type: 'line', data: series.map((p) => p.costPerChat?.micros ?? null) }],
      },
    } as Record<string, EChartsCoreOption>;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, perChannel.map((q) => q.dataUpdatedAt).join(','), f, t]);

  return (
    <Stack gap="md">
      <PageTitle>{t('metrics.title')}</PageTitle>
      <Paper withBorder radius="md" p="sm" component="section" aria-label={t('metrics.filters')}>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select label={t('metrics.period')} data={PRESETS.map((p) => ({ value: p, label: t(`metrics.preset.${p}`) }))} value={preset} allowDeselect={false} w={170}
            onChange={(v) => v && v !== 'custom' && update(presetRange(v as Exclude<Preset, 'custom'>, new Date(), timeZone))} />
          <DayInput label={t('metrics.from')} value={filters.from} max={filters.to} onChange={(day) => day && update({ from: day })} w={170} clearable={false} />
          <DayInput label={t('metrics.to')} value={filters.to} min={filters.from} onChange={(day) => day && update({ to: day })} w={170} clearable={false} />
          <Select label={t('metrics.assistant')} placeholder={t('metrics.all')} clearable w={200} value={filters.assistantId}
            data={assistants.assistants.map((a) => ({ value: a.id, label: a.name }))} onChange={(v) => update({ assistantId: v })} />
          <Select label={t('metrics.channel')} placeholder={t('metrics.all')} clearable w={170} value={filters.channel}
            data={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} onChange={(v) => update({ channel: v })} />
          <Switch label={t('metrics.includeTest')} checked={filters.includeTest} onChange={(e) => update({ includeTest: e.currentTarget.checked })} mb={8} />
        </Group>
      </Paper>
      {!data ? (
        <QueryState isLoading={byChannel.isLoading} error={byChannel.error} onRetry={() => void byChannel.refetch()} label={t('metrics.loading')} />
      ) : (
        <>
          <FigureCards totals={data.totals} />
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <ChartCard title={t('metrics.chart.chatsPerDay')} option={charts!.chats} />
            <ChartCard title={t('metrics.chart.responseTime')} option={charts!.responseTime} />
            <ChartCard title={t('metrics.chart.responseRate')} option={charts!.responseRate} />
            <ChartCard title={t('metrics.chart.costPerChat')} option={charts!.costPerChat} />
          </SimpleGrid>
          <GroupTable title={t('metrics.perChannel')} keyLabel={t('metrics.channel')} groups={data.groups} renderKey={(k) => <ChannelBadge channel={k} />} />
          {byAssistant.data ? (
            <GroupTable title={t('metrics.perAssistant')} keyLabel={t('metrics.assistant')} groups={byAssistant.data.groups} renderKey={(k) => assistants.nameOf(k)} />
          ) : (
            <QueryState isLoading={byAssistant.isLoading} error={byAssistant.error} onRetry={() => void byAssistant.refetch()} />
          )}
          {data.failedDeliveriesByCode.length > 0 && (
            <Text size="sm" c="dimmed">{t('metrics.failedByCode')}: {data.failedDeliveriesByCode.map((c) => `${c.code} × ${f.number(c.count)}`).join(', ')}</Text>
          )}
        </>
      )}
    </Stack>
  );
}

function FigureCards({ totals }: { totals: Figures }) {
  const { t } = useTranslation();
  const f = useFormat();
  const cards: Array<[string, string, string]> = [
    ['chats', t('metrics.chats'), f.number(totals.chats)],
    ['messagesPerChat', t('metrics.messagesPerChat'), f.number(totals.messagesPerChat, 1)],
    ['responseRate', t('metrics.responseRate'), f.percent(totals.responseRate)],
    ['avgResponseTime', t('metrics.avgResponseTime'), f.duration(totals.responseTimeMs.mean)],
    ['costPerChat', t('metrics.costPerChat'), totals.costPerChat ? f.money(totals.costPerChat.micros, totals.costPerChat.currency) : '–'],
    ['p95ResponseTime', t('metrics.p95ResponseTime'), f.duration(totals.responseTimeMs.p95)],
    ['failedDeliveries', t('metrics.failedDeliveries'), f.number(totals.failedDeliveries)],
    ['handoffs', t('metrics.handoffs'), f.number(totals.handoffs)],
    ['unanswered', t('metrics.unanswered'), f.number(totals.unanswered)],
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm" component="section" aria-label={t('metrics.figures')}>
      {cards.map(([key, label, value], i) => (
        <Paper key={key} withBorder radius="md" p="sm" data-testid={`card-${key}`} bg={i < 5 ? undefined : 'var(--mantine-color-default-hover)'}>
          <Text size="xs" c="dimmed" fw={600}>{label}</Text>
          <Text size="xl" fw={700} data-testid="value">{value}</Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function ChartCard({ title, option }: { title: string; option: EChartsCoreOption }) {
  return (
    <Paper withBorder radius="md" p="sm" component="figure" m={0}>
      <Title order={2} size="h5" mb="xs" component="figcaption">{title}</Title>
      <EChart option={option} label={title} />
    </Paper>
  );
}

function GroupTable({ title, keyLabel, groups, renderKey }: { title: string; keyLabel: string; groups: components['schemas']['MetricsGroupView'][]; renderKey: (key: string) => React.ReactNode }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Paper withBorder radius="md" p="sm">
      <Title order={2} size="h5" mb="xs">{title}</Title>
      {groups.length === 0 ? <Text size="sm" c="dimmed">{t('metrics.noData')}</Text> : (
        <ScrollTable label={title} minWidth={760}>
          <Table striped highlightOnHover fz="sm">
            <Table.Thead>
              <Table.Tr>
                {[keyLabel, t('metrics.chats'), t('metrics.messagesPerChat'), t('metrics.responseRate'), t('metrics.avgResponseTime'), t('metrics.p95ResponseTime'), t('metrics.costPerChat'), t('metrics.failedDeliveries'), t('metrics.handoffs'), t('metrics.unanswered')].map((h) => <Table.Th key={h}>{h}</Table.Th>)}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {groups.map((g) => (
                <Table.Tr key={g.key}>
                  <Table.Td>{renderKey(g.key)}</Table.Td>
                  <Table.Td>{f.number(g.chats)}</Table.Td>
                  <Table.Td>{f.number(g.messagesPerChat, 1)}</Table.Td>
                  <Table.Td>{f.percent(g.responseRate)}</Table.Td>
                  <Table.Td>{f.duration(g.responseTimeMs.mean)}</Table.Td>
                  <Table.Td>{f.duration(g.responseTimeMs.p95)}</Table.Td>
                  <Table.Td>{g.costPerChat ? f.money(g.costPerChat.micros, g.costPerChat.currency) : '–'}</Table.Td>
                  <Table.Td>{f.number(g.failedDeliveries)}</Table.Td>
                  <Table.Td>{f.number(g.handoffs)}</Table.Td>
                  <Table.Td>{f.number(g.unanswered)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Paper>
  );
}
