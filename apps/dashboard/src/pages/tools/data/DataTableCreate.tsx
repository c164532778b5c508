import { ActionIcon, Alert, Button, Group, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors';
import { fieldErrorsFromBody } from '../../../components/schema-form';
import { useDataTableActions, type DataTable } from '../tools-api';
import { MONO_INPUT } from '../mono';

type ColumnType = DataTable['columns'][number]['type'];
const TYPES: ColumnType[] = ['string', 'number', 'boolean', 'date'];

/** A new, empty data table: its name, its typed columns and optionally the key column upserts match on. */
export function DataTableCreate({ onDone }: { onDone: (name: string | null) => void }) {
  const { t } = useTranslation();
  const { create } = useDataTableActions();
  const [name, setName] = useState('');
  const [columns, setColumns] = useState<Array<{ name: string; type: ColumnType }>>([{ name: '', type: 'string' }]);
  const [key, setKey] = useState<string | null>(null);
  const errors = create.error instanceof ApiError ? fieldErrorsFromBody(create.error.body, '') : {};
  const named = columns.map((c) => c.name.trim()).filter(Boolean);
  const setColumn = (i: number, patch: Partial<{ name: string; type: ColumnType }>) => setColumns((cs) => cs.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const submit = () =>
    create.mutate(
      { name: name.trim(), columns: columns.map((c) => ({ name: c.name.trim(), type: c.type })), ...(key && named.includes(key) ? { key } : {}) },
      { onSuccess: (table) => onDone(table.name) },
    );
  return (
    <Paper withBorder radius="md" p="md" component="form" aria-labelledby="data-create-title" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <Stack gap="sm">
        <Title order={2} size="h4" id="data-create-title">{t('tools.data.newTitle')}</Title>
        <TextInput label={t('tools.data.name')} description={t('tools.data.nameHelp')} required value={name} error={errors.name} onChange={(e) => setName(e.currentTarget.value)} styles={MONO_INPUT} maw={360} />
        {columns.map((c, i) => (
          <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
            <TextInput label={t('tools.data.columnName', { n: i + 1 })} value={c.name} error={errors[`columns.${i}.name`]} onChange={(e) => setColumn(i, { name: e.currentTarget.value })} styles={MONO_INPUT} w={240} />
            <Select label={t('tools.data.columnType', { n: i + 1 })} data={TYPES.map((x) => ({ value: x, label: t(`tools.data.type.${x}`) }))} value={c.type} allowDeselect={false} w={160}
              onChange={(v) => v && setColumn(i, { type: v as ColumnType })} />
            <ActionIcon variant="subtle" color="red" size="lg" mb={2} disabled={columns.length === 1} aria-label={t('tools.data.removeColumn', { n: i + 1 })} onClick={() => setColumns((cs) => cs.filter((_, j) => j !== i))}>
              <IconTrash size={18} aria-hidden />
            </ActionIcon>
          </Group>
        ))}
        {errors.columns && <Alert color="red" variant="light">{errors.columns}</Alert>}
        <Group><Button size="xs" variant="default" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setColumns((cs) => [...cs, { name: '', type: 'string' }])}>{t('tools.data.addColumn')}</Button></Group>
        <Select label={t('tools.data.key')} description={t('tools.data.keyHelp')} data={named} value={key && named.includes(key) ? key : null} clearable onChange={setKey} error={errors.key} maw={360} />
        {create.error && <Alert color="red" variant="light" role="alert">{create.error.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onDone(null)}>{t('tools.cancel')}</Button>
          <Button type="submit" loading={create.isPending}>{t('tools.data.create')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}
