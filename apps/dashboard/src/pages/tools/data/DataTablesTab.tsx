import { Badge, Button, Group, Paper, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useSession } from '../../../auth/session-context';
import { QueryState } from '../../../components/QueryState';
import { useFormat } from '../../../format/use-format';
import { ScrollTable } from '../../common/ScrollTable';
import { useDataTables } from '../tools-api';
import { DataTableCreate } from './DataTableCreate';
import { DataTableDetail } from './DataTableDetail';

/** The tenant's data tables (what lookup_records searches): create one, load CSV or JSON into it, look at its rows. */
export function DataTablesTab() {
  const { t } = useTranslation();
  const f = useFormat();
  const session = useSession();
  const canEdit = can(session.operator.role, 'configure');
  const tables = useDataTables();
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  if (!tables.data) return <QueryState isLoading={tables.isLoading} error={tables.error} onRetry={() => void tables.refetch()} label={t('tools.data.loading')} />;
  const current = tables.data.find((x) => x.name === (selected ?? tables.data[0]?.name));
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed" maw={720}>{t('tools.data.intro')}</Text>
        {canEdit && !creating && <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>{t('tools.data.new')}</Button>}
      </Group>
      {creating && <DataTableCreate onDone={(name) => { setCreating(false); if (name) setSelected(name); }} />}
      {tables.data.length === 0 ? (
        !creating && <Paper withBorder radius="md" p="lg"><Text>{t('tools.data.empty')}</Text>{!canEdit && <Text size="sm" c="dimmed">{t('tools.readOnly')}</Text>}</Paper>
      ) : (
        <Paper withBorder radius="md" p="sm">
          <ScrollTable label={t('tools.data.tables')} minWidth={640}>
            <Table highlightOnHover fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tools.data.name')}</Table.Th>
                  <Table.Th>{t('tools.data.columns')}</Table.Th>
                  <Table.Th>{t('tools.data.key')}</Table.Th>
                  <Table.Th ta="right">{t('tools.data.rowCount')}</Table.Th>
                  <Table.Th>{t('tools.data.updatedAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tables.data.map((table) => {
                  const active = table.name === current?.name;
                  return (
                    <Table.Tr key={table.name} bg={active ? 'var(--mantine-primary-color-light)' : undefined}>
                      <Table.Td>
                        <UnstyledButton onClick={() => setSelected(table.name)} aria-current={active ? 'true' : undefined} ff="monospace" fw={600} fz="sm" td="underline">{table.name}</UnstyledButton>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>{table.columns.map((c) => <Badge key={c.name} variant="outline" color="gray" tt="none" radius="sm">{c.name}: {t(`tools.data.type.${c.type}`)}</Badge>)}</Group>
                      </Table.Td>
                      <Table.Td ff="monospace">{table.key ?? '–'}</Table.Td>
                      <Table.Td ta="right">{f.number(table.rowCount)}</Table.Td>
                      <Table.Td>{f.dateTime(table.updatedAt)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </Paper>
      )}
      {current && <DataTableDetail key={current.name} table={current} canEdit={canEdit} />}
    </Stack>
  );
}
