import { Badge, Paper, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/QueryState';
import { useFormat } from '../../format/use-format';
import { ScrollTable } from '../common/ScrollTable';
import { useToolCatalogue, useToolStats } from './tools-api';

const RISK_COLORS: Record<string, string> = { read: 'teal', write: 'orange', handoff: 'grape' };

/** Every tool the tenant can enable on an assistant (built-in and its own HTTP tools), with last 30 days' use. */
export function CatalogueTab() {
  const { t } = useTranslation();
  const f = useFormat();
  const tools = useToolCatalogue();
  const stats = useToolStats();
  if (!tools.data) return <QueryState isLoading={tools.isLoading} error={tools.error} onRetry={() => void tools.refetch()} label={t('tools.catalogue.loading')} />;
  const statOf = (name: string) => stats.data?.find((s) => s.name === name);
  return (
    <Paper withBorder radius="md" p="sm">
      <Text size="sm" c="dimmed" mb="sm">{t('tools.catalogue.intro')}</Text>
      <ScrollTable label={t('tools.catalogue.table')} minWidth={820}>
        <Table striped fz="sm" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('tools.catalogue.name')}</Table.Th>
              <Table.Th>{t('tools.catalogue.description')}</Table.Th>
              <Table.Th>{t('tools.catalogue.risk')}</Table.Th>
              <Table.Th ta="right">{t('tools.catalogue.calls')}</Table.Th>
              <Table.Th ta="right">{t('tools.catalogue.errors')}</Table.Th>
              <Table.Th ta="right">{t('tools.catalogue.p95')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tools.data.map((tool) => {
              const s = statOf(tool.name);
              return (
                <Table.Tr key={tool.name}>
                  <Table.Td><Text size="sm" ff="monospace" fw={600}>{tool.name}</Text>{tool.configurable && <Text size="xs" c="dimmed">{t('tools.catalogue.configurable')}</Text>}</Table.Td>
                  <Table.Td maw={420}><Text size="sm" lineClamp={3}>{tool.description}</Text></Table.Td>
                  <Table.Td><Badge variant="light" color={RISK_COLORS[tool.risk] ?? 'gray'} tt="none" radius="sm">{t(`tools.risk.${tool.risk}`)}</Badge></Table.Td>
                  <Table.Td ta="right">{f.number(s?.calls ?? 0)}</Table.Td>
                  <Table.Td ta="right">{s && s.errors > 0 ? <Text span size="sm" c="var(--mantine-color-red-text)">{f.number(s.errors)}</Text> : f.number(s?.errors ?? 0)}</Table.Td>
                  <Table.Td ta="right">{s && s.calls > 0 ? f.duration(s.p95DurationMs) : '–'}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Text size="xs" c="dimmed" mt="xs">{t('tools.catalogue.statsNote')}</Text>
    </Paper>
  );
}
