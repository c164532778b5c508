import { Badge, Button, Group, Select, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import { useSession } from '../../../auth/session-context';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { useFormat } from '../../../format/use-format';
import { ScrollTable } from '../../common/ScrollTable';
import { ConfirmDialog } from '../ConfirmDialog';
import { ShownOnce } from '../ShownOnce';
import { InviteDialog, ROLES, type Role } from './InviteDialog';

type Operator = components['schemas']['OperatorView'];
const KEY = ['operators'] as const;

/** `/settings/team`: the tenant's operators; invite by link, change a role, remove. An admin cannot lock themself out. */
export function TeamPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useSession().operator;
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: KEY, queryFn: () => unwrap(t('settings.team.loading'), api.GET('/api/v1/operators')) });
  const [inviting, setInviting] = useState(false);
  const [link, setLink] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Operator | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: KEY });
  const changeRole = useMutation({
    mutationFn: ({ id, role }: { id: string; role: Role }) =>
      unwrap(t('settings.team.changingRole'), api.PATCH('/api/v1/operators/{id}', { params: { path: { id } }, body: { role } })),
    onSuccess: refresh,
  });
  const reinvite = useMutation({
    mutationFn: (id: string) => unwrap(t('settings.team.reinviting'), api.POST('/api/v1/operators/{id}/invitation', { params: { path: { id } } })),
    onSuccess: (inv) => setLink(inv.inviteUrl),
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(t('settings.team.removing'), api.DELETE('/api/v1/operators/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      setRemoving(null);
      refresh();
    },
  });
  const operators = list.data ?? [];
  const error = changeRole.error ?? reinvite.error;
  return (
    <Stack gap="md">
      <PageTitle actions={<Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => setInviting(true)}>{t('settings.team.invite')}</Button>}>
        {t('settings.team.title')}
      </PageTitle>
      <Text size="sm" c="dimmed" maw={720}>{t('settings.team.intro')}</Text>
      {error && <Text size="sm" c="var(--mantine-color-red-text)" role="alert">{error.message}</Text>}
      {!list.data ? (
        <QueryState isLoading={list.isLoading} error={list.error} onRetry={() => void list.refetch()} label={t('settings.team.loading')} />
      ) : (
        <ScrollTable label={t('settings.team.title')} minWidth={760}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.team.name')}</Table.Th>
                <Table.Th>{t('settings.team.role')}</Table.Th>
                <Table.Th>{t('settings.status')}</Table.Th>
                <Table.Th>{t('settings.team.lastSignIn')}</Table.Th>
                <Table.Th><VisuallyHidden>{t('settings.actions')}</VisuallyHidden></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {operators.map((o) => {
                const self = o.id === me.id;
                return (
                  <Table.Tr key={o.id} data-testid="operator">
                    <Table.Td>
                      <Text size="sm" fw={500}>{o.name}{self ? ` (${t('settings.team.you')})` : ''}</Text>
                      <Text size="xs" c="dimmed">{o.email}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Select aria-label={t('settings.team.roleOf', { name: o.name })} size="xs" w={150} allowDeselect={false} value={o.role} disabled={self || changeRole.isPending}
                        data={ROLES.map((r) => ({ value: r, label: t(`settings.role.${r}`) }))} onChange={(v) => v && v !== o.role && changeRole.mutate({ id: o.id, role: v as Role })} />
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={o.status === 'active' ? 'teal' : 'yellow'}>{t(`settings.team.status.${o.status}`)}</Badge>
                    </Table.Td>
                    <Table.Td><Text size="sm">{o.lastSignInAt ? f.dateTime(String(o.lastSignInAt)) : t('settings.never')}</Text></Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap" justify="flex-end">
                        <Button size="xs" variant="light" onClick={() => reinvite.mutate(o.id)} loading={reinvite.isPending && reinvite.variables === o.id}
                          aria-label={t('settings.team.newLinkFor', { name: o.name })}>
                          {t('settings.team.newLink')}
                        </Button>
                        {!self && (
                          <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(o)} aria-label={t('settings.team.removeOne', { name: o.name })}>
                            {t('settings.team.remove')}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <InviteDialog opened={inviting} onClose={() => setInviting(false)} onInvited={(url) => {
        setInviting(false);
        setLink(url);
        refresh();
      }} />
      <ShownOnce title={t('settings.team.linkTitle')} label={t('settings.team.linkLabel')} value={link} onClose={() => setLink(null)} />
      <ConfirmDialog opened={removing !== null} title={t('settings.team.removeTitle')} message={t('settings.team.removeMessage', { name: removing?.name ?? '' })}
        confirmLabel={t('settings.team.remove')} busy={remove.isPending} error={remove.error?.message}
        onConfirm={() => removing && remove.mutate(removing.id)} onClose={() => { setRemoving(null); remove.reset(); }} />
    </Stack>
  );
}
