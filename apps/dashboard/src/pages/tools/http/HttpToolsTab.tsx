import { Alert, Badge, Button, Code, Collapse, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCopy, IconLock, IconPencil, IconPlayerPlay, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useSession } from '../../../auth/session-context';
import { QueryState } from '../../../components/QueryState';
import { useHttpToolActions, useHttpTools, type HttpTool } from '../tools-api';
import { draftFrom, emptyDraft, type HttpToolDraft } from './http-tool-draft';
import { HttpToolForm } from './HttpToolForm';
import { HttpToolTestPanel } from './HttpToolTestPanel';

/** The tenant's HTTP tools: define one, test it against the real service, copy or delete it. */
export function HttpToolsTab() {
  const { t } = useTranslation();
  const session = useSession();
  const canEdit = can(session.operator.role, 'configure');
  const tools = useHttpTools();
  const [draft, setDraft] = useState<HttpToolDraft | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const open = (d: HttpToolDraft) => {
    setDraft(d);
    setFormKey((k) => k + 1);
  };
  if (!tools.data) return <QueryState isLoading={tools.isLoading} error={tools.error} onRetry={() => void tools.refetch()} label={t('tools.http.loading')} />;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed" maw={720}>{t('tools.http.intro')}</Text>
        {canEdit && !draft && <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => open(emptyDraft())}>{t('tools.http.new')}</Button>}
      </Group>
      {draft && <HttpToolForm key={formKey} initial={draft} onDone={() => setDraft(null)} />}
      {tools.data.length === 0 && !draft && (
        <Paper withBorder radius="md" p="lg"><Text>{t('tools.http.empty')}</Text>{!canEdit && <Text size="sm" c="dimmed">{t('tools.readOnly')}</Text>}</Paper>
      )}
      {tools.data.map((tool) =>
        editing === tool.id ? (
          <HttpToolForm key={tool.id} initial={draftFrom(tool, tool.name)} editing={{ id: tool.id, storedSecrets: tool.secretHeaderNames }} onDone={() => setEditing(null)} />
        ) : (
          <HttpToolCard key={tool.id} tool={tool} canEdit={canEdit} onEdit={() => setEditing(tool.id)} onCopy={() => open(draftFrom(tool, `${tool.name}_copy`.slice(0, 64)))} />
        ),
      )}
    </Stack>
  );
}

function HttpToolCard({ tool, canEdit, onEdit, onCopy }: { tool: HttpTool; canEdit: boolean; onEdit: () => void; onCopy: () => void }) {
  const { t } = useTranslation();
  const { remove } = useHttpToolActions();
  const [testing, setTesting] = useState(false);
  const [confirm, setConfirm] = useState(false);
  return (
    <Paper withBorder radius="md" p="md" component="article" aria-labelledby={`http-${tool.id}`}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Title order={2} size="h4" ff="monospace" id={`http-${tool.id}`}>{tool.name}</Title>
          <Text size="sm">{tool.description}</Text>
          <Group gap="xs" wrap="nowrap"><Badge variant="light" radius="sm">{tool.method}</Badge><Code style={{ wordBreak: 'break-all' }}>{tool.url}</Code></Group>
        </Stack>
        {canEdit && (
          <Group gap="xs">
            <Button size="xs" variant={testing ? 'filled' : 'light'} leftSection={<IconPlayerPlay size={14} aria-hidden />} aria-expanded={testing} onClick={() => setTesting((x) => !x)}>
              {t('tools.http.test')}
            </Button>
            <Button size="xs" variant="default" leftSection={<IconPencil size={14} aria-hidden />} onClick={onEdit}>{t('tools.http.edit')}</Button>
            <Button size="xs" variant="default" leftSection={<IconCopy size={14} aria-hidden />} onClick={onCopy}>{t('tools.http.copy')}</Button>
            <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => setConfirm(true)}>{t('tools.delete')}</Button>
          </Group>
        )}
      </Group>
      <Group gap="lg" mt="xs" wrap="wrap">
        <Text size="xs" c="dimmed">
          {t('tools.http.parameters')}: {tool.parameters.length ? tool.parameters.map((p) => `${p.name}${p.required ? '*' : ''} (${t(`tools.http.type.${p.type}`)})`).join(', ') : '–'}
        </Text>
        {tool.headers.length + tool.secretHeaderNames.length > 0 && (
          <Group gap={6}>
            <Text size="xs" c="dimmed">{t('tools.http.headers')}:</Text>
            {tool.headers.map((h) => <Badge key={h.name} variant="outline" color="gray" tt="none" radius="sm">{h.name}: {h.value}</Badge>)}
            {tool.secretHeaderNames.map((n) => (
              <Badge key={n} variant="outline" color="gray" tt="none" radius="sm" leftSection={<IconLock size={12} aria-hidden />} title={t('tools.http.storedSecret')}>{n}: {t('tools.http.storedSecretShort')}</Badge>
            ))}
          </Group>
        )}
      </Group>
      <Collapse expanded={testing}>
        {testing && <Paper mt="sm" p="sm" radius="md" bg="var(--mantine-color-default-hover)"><HttpToolTestPanel tool={tool} /></Paper>}
      </Collapse>
      <Modal opened={confirm} onClose={() => setConfirm(false)} title={t('tools.http.deleteTitle', { name: tool.name })}>
        <Stack>
          <Text size="sm">{t('tools.http.deleteText')}</Text>
          {remove.error && <Alert color="red" variant="light" role="alert">{remove.error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(false)}>{t('tools.cancel')}</Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(tool.id, { onSuccess: () => setConfirm(false) })}>{t('tools.delete')}</Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
