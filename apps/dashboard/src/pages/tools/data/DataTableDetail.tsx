import { Alert, Button, FileInput, Group, Paper, SegmentedControl, Stack, Table, Text, Title, useMatches } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../components/QueryState';
import { useFormat } from '../../../format/use-format';
import { ScrollTable } from '../../common/ScrollTable';
import { useDataRows, useDataTableActions, type DataTable } from '../tools-api';
import { isCsv, previewFile, type FilePreview } from './file-preview';

const SHOWN_ROWS = 100;

/** One table: load a file into it (previewed first, replacing or upserting) and its stored rows. */
export function DataTableDetail({ table, canEdit }: { table: DataTable; canEdit: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows = useDataRows(table.name);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="data-detail-title">
      <Title order={2} size="h4" mb="sm" id="data-detail-title">{t('tools.data.detailTitle', { name: table.name })}</Title>
      {canEdit && <LoadRows table={table} />}
      <Title order={3} size="h5" mt="md" mb="xs">{t('tools.data.storedRows', { count: table.rowCount, shown: f.number(table.rowCount) })}</Title>
      {!rows.data ? (
        <QueryState isLoading={rows.isLoading} error={rows.error} onRetry={() => void rows.refetch()} label={t('tools.data.loadingRows')} />
      ) : rows.data.length === 0 ? (
        <Text size="sm" c="dimmed">{t('tools.data.noRows')}</Text>
      ) : (
        <>
          <RowsTable label={t('tools.data.storedRowsLabel', { name: table.name })} columns={table.columns.map((c) => c.name)} rows={rows.data.slice(0, SHOWN_ROWS)} />
          {rows.data.length > SHOWN_ROWS && <Text size="xs" c="dimmed" mt="xs">{t('tools.data.firstRows', { shown: SHOWN_ROWS, total: f.number(rows.data.length) })}</Text>}
        </>
      )}
    </Paper>
  );
}

function LoadRows({ table }: { table: DataTable }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { load } = useDataTableActions();
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<FilePreview | null>(null);
  const [mode, setMode] = useState<'replace' | 'upsert'>('replace');
  const [loaded, setLoaded] = useState<number | null>(null);
  const csv = file ? isCsv(file.name, file.type) : false;
  // The two choices side by side are wider than a phone in German; stacked they fit.
  const orientation = useMatches<'vertical' | 'horizontal'>({ base: 'vertical', sm: 'horizontal' });

  const choose = async (next: File | null) => {
    setFile(next);
    setLoaded(null);
    load.reset();
    if (!next) return setPreview(null);
    const content = await next.text();
    setText(content);
    setPreview(previewFile(content, isCsv(next.name, next.type)));
  };
  const submit = () => load.mutate({ name: table.name, text, csv, mode }, {
    onSuccess: (result) => {
      setLoaded(result.rowCount);
      setFile(null);
      setPreview(null);
    },
  });

  return (
    <Stack gap="sm" component="form" aria-label={t('tools.data.loadTitle')} onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <FileInput label={t('tools.data.file')} description={t('tools.data.fileHelp')} accept=".csv,.json,text/csv,application/json" value={file} onChange={(v) => void choose(v)}
          clearable leftSection={<IconUpload size={16} aria-hidden />} w={{ base: '100%', sm: 340 }} />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="load-mode-label">{t('tools.data.mode')}</Text>
          <SegmentedControl aria-labelledby="load-mode-label" orientation={orientation} value={mode} onChange={(v) => setMode(v as 'replace' | 'upsert')}
            data={[{ value: 'replace', label: t('tools.data.replace') }, { value: 'upsert', label: t('tools.data.upsert'), disabled: !table.key }]} />
        </Stack>
      </Group>
      <Text size="xs" c="dimmed">{mode === 'replace' ? t('tools.data.replaceHelp') : t('tools.data.upsertHelp', { key: table.key })}</Text>
      {preview && (
        preview.problem ? <Alert color="red" variant="light" role="alert">{t('tools.data.unreadable', { problem: preview.problem })}</Alert> : (
          <Stack gap="xs" component="section" aria-label={t('tools.data.preview')}>
            <Text size="sm" fw={600}>{t('tools.data.previewOf', { count: preview.total, total: f.number(preview.total), kind: preview.kind.toUpperCase(), shown: preview.rows.length })}</Text>
            <RowsTable label={t('tools.data.preview')} columns={preview.columns} rows={preview.rows} />
            {unknownColumns(preview, table).length > 0 && (
              <Alert color="orange" variant="light">{t('tools.data.unknownColumns', { columns: unknownColumns(preview, table).join(', ') })}</Alert>
            )}
          </Stack>
        )
      )}
      {load.error && <Alert color="red" variant="light" role="alert">{load.error.message}</Alert>}
      {loaded !== null && <Alert color="teal" variant="light" role="status">{t('tools.data.loaded', { count: loaded, total: f.number(loaded) })}</Alert>}
      {preview && !preview.problem && (
        <Group>
          <Button type="submit" loading={load.isPending}>
            {mode === 'replace' ? t('tools.data.loadReplace', { count: preview.total }) : t('tools.data.loadUpsert', { count: preview.total })}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** Columns in the file the table does not have: the server refuses the load, so it is said before sending. */
function unknownColumns(preview: FilePreview, table: DataTable): string[] {
  const known = new Set(table.columns.map((c) => c.name));
  return preview.columns.filter((c) => !known.has(c));
}

function RowsTable({ label, columns, rows }: { label: string; columns: string[]; rows: Array<Record<string, unknown>> }) {
  const cell = (v: unknown) => (v === null || v === undefined || v === '' ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return (
    <ScrollTable label={label} minWidth={Math.max(320, columns.length * 140)}>
      <Table striped fz="sm" verticalSpacing={4} withTableBorder>
        <Table.Thead><Table.Tr>{columns.map((c) => <Table.Th key={c} ff="monospace">{c}</Table.Th>)}</Table.Tr></Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => <Table.Tr key={i}>{columns.map((c) => <Table.Td key={c}>{cell(r[c])}</Table.Td>)}</Table.Tr>)}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
