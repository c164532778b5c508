import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { IconCopy, IconPlayerPause, IconPlayerPlay, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { can, useSession } from '../../auth/session-context';
import { PageTitle } from '../../components/PageTitle';
import { QueryState } from '../../components/QueryState';
import { useAssistants } from '../common/use-assistants';
import { ScrollTable } from '../common/ScrollTable';
import { duplicateBody, matchesSearch, type AssistantView } from './assistant-form';
import { useChannels } from './assistants-api';
import { DisableDialog } from './DisableDialog';

/** `/assistants`: every assistant with its state and reach; admins create, duplicate and switch them off here. */
export function AssistantsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const assistants = useAssistants();
  const channels = useChannels();
  const [search, setSearch] = useState('');
  const [disabling, setDisabling] = useState<AssistantView | null>(null);
  const canEdit = can(session.operator.role, 'configure');

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['assistants'] });
  const duplicate = useMutation({
    mutationFn: (a: AssistantView) => unwrap(t('assistants.duplicateFailed'), api.POST('/api/v1/assistants', { body: duplicateBody(a, t('assistants.copyName', { name: a.name })) })),
    onSuccess: async (copy) => {
      await refresh();
      navigate(`/assistants/${copy.id}`);
    },
  });
  const setEnabled = useMutation({
    mutationFn: ({ a, enabled }: { a: AssistantView; enabled: boolean }) =>
      unwrap(t('assistants.saveFailed'), api.PATCH('/api/v1/assistants/{id}', { params: { path: { id: a.id } }, body: { enabled } })),
    onSuccess: async () => {
      setDisabling(null);
      await refresh();
    },
  });

  const channelCount = (id: string) => (channels.data ?? []).filter((c) => c.assistantId === id).length;
  const shown = assistants.assistants.filter((a) => matchesSearch(a, search));
  const failure = duplicate.error ?? setEnabled.error;

  return (
    <Stack gap="md">
      <PageTitle actions={canEdit && (
        <Button component={Link} to="/assistants/new" leftSection={<IconPlus size={16} aria-hidden />}>{t('assistants.create')}</Button>
      )}>{t('assistants.title')}</PageTitle>
      {!canEdit && <Alert color="gray" variant="light">{t('assistants.readOnly')}</Alert>}
      {failure && <Alert color="red" variant="light" role="alert">{failure.message}</Alert>}
      {!assistants.data ? (
        <QueryState isLoading={assistants.isLoading} error={assistants.error} onRetry={() => void assistants.refetch()} label={t('common.loadingAssistants')} />
      ) : assistants.assistants.length === 0 ? (
        <Alert variant="light" title={t('assistants.emptyTitle')}>
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{canEdit ? t('assistants.emptyAdmin') : t('assistants.emptyReader')}</Text>
            {canEdit && <Button component={Link} to="/assistants/new" size="xs">{t('assistants.createFirst')}</Button>}
          </Stack>
        </Alert>
      ) : (
        <>
          <TextInput
            label={t('assistants.search')} placeholder={t('assistants.searchPlaceholder')} maw={360} type="search"
            leftSection={<IconSearch size={16} aria-hidden />} value={search} onChange={(e) => setSearch(e.currentTarget.value)}
          />
          <ScrollTable label={t('assistants.tableLabel')} minWidth={900}>
            <Table striped highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('assistants.col.name')}</Table.Th>
                  <Table.Th>{t('assistants.col.status')}</Table.Th>
                  <Table.Th>{t('assistants.col.model')}</Table.Th>
                  <Table.Th>{t('assistants.col.channels')}</Table.Th>
                  <Table.Th>{t('assistants.col.tools')}</Table.Th>
                  {canEdit && <Table.Th><VisuallyHidden>{t('assistants.col.actions')}</VisuallyHidden></Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td><Anchor component={Link} to={`/assistants/${a.id}`} fw={600}>{a.name}</Anchor></Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Badge variant="light" color={a.enabled ? 'green' : 'gray'} tt="none" miw="max-content">{a.enabled ? t('assistants.enabled') : t('assistants.disabled')}</Badge>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}><Text size="sm" ff="monospace">{a.model}</Text></Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{channels.data ? t('assistants.channelCount', { count: channelCount(a.id) }) : '–'}</Table.Td>
                    <Table.Td>{a.tools.length ? a.tools.map((tool) => tool.name).join(', ') : '–'}</Table.Td>
                    {canEdit && (
                      <Table.Td>
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          <Button size="xs" variant="default" leftSection={<IconCopy size={14} aria-hidden />} loading={duplicate.isPending && duplicate.variables?.id === a.id}
                            aria-label={t('assistants.duplicateOne', { name: a.name })} onClick={() => duplicate.mutate(a)}>{t('assistants.duplicate')}</Button>
                          {a.enabled ? (
                            <Button size="xs" variant="default" color="red" leftSection={<IconPlayerPause size={14} aria-hidden />}
                              aria-label={t('assistants.disableOne', { name: a.name })} onClick={() => setDisabling(a)}>{t('assistants.disable')}</Button>
                          ) : (
                            <Button size="xs" variant="default" leftSection={<IconPlayerPlay size={14} aria-hidden />} loading={setEnabled.isPending && setEnabled.variables?.a.id === a.id}
                              aria-label={t('assistants.enableOne', { name: a.name })} onClick={() => setEnabled.mutate({ a, enabled: true })}>{t('assistants.enable')}</Button>
                          )}
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          {shown.length === 0 && <Text size="sm" c="dimmed">{t('assistants.noMatch', { search })}</Text>}
        </>
      )}
      <DisableDialog
        assistant={disabling}
        channels={disabling ? channelCount(disabling.id) : 0}
        pending={setEnabled.isPending}
        onCancel={() => setDisabling(null)}
        onConfirm={() => disabling && setEnabled.mutate({ a: disabling, enabled: false })}
      />
    </Stack>
  );
}
