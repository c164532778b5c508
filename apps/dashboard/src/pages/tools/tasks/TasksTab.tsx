import { Alert, Anchor, Badge, Button, Group, Paper, SegmentedControl, Select, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Link, useSearchParams } from 'react-router';
import { can, useSession } from '../../../auth/session-context';
import { QueryState } from '../../../components/QueryState';
import { useFormat } from '../../../format/use-format';
import { ScrollTable } from '../../common/ScrollTable';
import { useTaskActions, useTasks, type Task, type TaskFilter, type TaskKind } from '../tools-api';

const STATUSES: TaskFilter['status'][] = ['open', 'done', 'cancelled'];
const KINDS: TaskKind[] = ['callback', 'follow_up', 'human_review'];
const KIND_COLORS: Record<string, string> = { callback: 'blue', follow_up: 'grape', human_review: 'orange' };
/** The details worth reading in the list, in this order; the rest is in the conversation. */
const DETAIL_KEYS = ['phone', 'topic', 'preferredTime', 'message', 'reason', 'outcome'];

/** Callbacks and follow-ups tools created during chats: the team's to-do list, completed or cancelled here. */
export function TasksTab() {
  const { t } = useTranslation();
  const f = useFormat();
  const session = useSession();
  const canAct = can(session.operator.role, 'converse');
  const [params, setParams] = useSearchParams();
  const status = (STATUSES.find((s) => s === params.get('status')) ?? 'open') as TaskFilter['status'];
  const kind = KINDS.find((k) => k === params.get('kind')) ?? null;
  const setFilter = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  const tasks = useTasks({ status, kind });
  const { complete, cancel } = useTaskActions();
  const error = complete.error ?? cancel.error;

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" maw={720}>{t('tools.tasks.intro')}</Text>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500} id="task-status-label">{t('tools.tasks.status')}</Text>
          <SegmentedControl aria-labelledby="task-status-label" value={status} onChange={(v) => setFilter({ status: v === 'open' ? null : v })}
            data={STATUSES.map((s) => ({ value: s, label: t(`tools.tasks.statusValue.${s}`) }))} />
        </Stack>
        <Select label={t('tools.tasks.kind')} placeholder={t('tools.tasks.allKinds')} clearable w={200} value={kind}
          data={KINDS.map((k) => ({ value: k, label: t(`tools.tasks.kindValue.${k}`) }))} onChange={(v) => setFilter({ kind: v })} />
      </Group>
      {error && <Alert color="red" variant="light" role="alert">{error.message}</Alert>}
      {!tasks.data ? (
        <QueryState isLoading={tasks.isLoading} error={tasks.error} onRetry={() => void tasks.refetch()} label={t('tools.tasks.loading')} />
      ) : tasks.data.length === 0 ? (
        <Paper withBorder radius="md" p="lg"><Text>{t(`tools.tasks.empty.${status}`)}</Text></Paper>
      ) : (
        <Paper withBorder radius="md" p="sm">
          <ScrollTable label={t('tools.tasks.table')} minWidth={860}>
            <Table striped fz="sm" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={130}>{t('tools.tasks.kind')}</Table.Th>
                  <Table.Th>{t('tools.tasks.task')}</Table.Th>
                  <Table.Th>{t('tools.tasks.due')}</Table.Th>
                  <Table.Th>{t('tools.tasks.created')}</Table.Th>
                  <Table.Th>{t('tools.tasks.conversation')}</Table.Th>
                  {status === 'open' && canAct && <Table.Th pos="relative"><VisuallyHidden>{t('tools.actions')}</VisuallyHidden></Table.Th>}
                  {status !== 'open' && <Table.Th>{t('tools.tasks.closed')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tasks.data.map((task) => (
                  <Table.Tr key={task.id}>
                    <Table.Td><Badge variant="light" color={KIND_COLORS[task.kind] ?? 'gray'} tt="none" radius="sm" style={{ overflow: 'visible' }}>{t(`tools.tasks.kindValue.${task.kind}`, { defaultValue: task.kind })}</Badge></Table.Td>
                    <Table.Td maw={380}>
                      <Text size="sm" fw={600}>{task.title}</Text>
                      <Details task={task} />
                    </Table.Td>
                    <Table.Td>{task.dueAt ? f.dateTime(task.dueAt) : '–'}</Table.Td>
                    <Table.Td>{f.dateTime(task.createdAt)}<Text size="xs" c="dimmed">{createdBy(task.createdBy, t)}</Text></Table.Td>
                    <Table.Td>{task.conversationId ? <Anchor component={Link} to={`/chats/${task.conversationId}`} size="sm">{t('tools.tasks.openChat')}</Anchor> : '–'}</Table.Td>
                    {status === 'open' && canAct && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button size="compact-sm" variant="light" color="teal" leftSection={<IconCheck size={14} aria-hidden />} disabled={complete.isPending || cancel.isPending}
                            aria-label={t('tools.tasks.completeNamed', { title: task.title })} onClick={() => complete.mutate(task.id)}>
                            {t('tools.tasks.complete')}
                          </Button>
                          <Button size="compact-sm" variant="subtle" color="gray" leftSection={<IconX size={14} aria-hidden />} disabled={complete.isPending || cancel.isPending}
                            aria-label={t('tools.tasks.cancelNamed', { title: task.title })} onClick={() => cancel.mutate(task.id)}>
                            {t('tools.tasks.cancel')}
                          </Button>
                        </Group>
                      </Table.Td>
                    )}
                    {status !== 'open' && <Table.Td>{task.closedAt ? f.dateTime(task.closedAt) : '–'}</Table.Td>}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </Paper>
      )}
    </Stack>
  );
}

function Details({ task }: { task: Task }) {
  const { t } = useTranslation();
  const entries = DETAIL_KEYS.flatMap((k) => {
    const v = task.details[k];
    return v === null || v === undefined || v === '' || typeof v === 'object' ? [] : [[k, String(v)] as const];
  });
  if (!entries.length) return null;
  return (
    <Text size="xs" c="dimmed">
      {entries.map(([k, v], i) => <span key={k}>{i > 0 && ' · '}{t(`tools.tasks.detail.${k}`)}: {v}</span>)}
    </Text>
  );
}

function createdBy(by: string, t: TFunction): string {
  return by.startsWith('tool:') ? t('tools.tasks.byTool', { tool: by.slice(5) }) : t('tools.tasks.byAgent');
}
