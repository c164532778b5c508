import { Alert, Badge, Button, Group, Modal, Paper, Radio, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { useFormat } from '../../../format/use-format';
import { ScrollTable } from '../../common/ScrollTable';
import { ConfirmDialog } from '../ConfirmDialog';
import { fieldError, formError } from '../form-errors';
import { ShownOnce } from '../ShownOnce';

type ApiKey = components['schemas']['ApiKeyView'];
type Scope = ApiKey['scopes'][number];
const SCOPES: Scope[] = ['read', 'conversations', 'admin'];
// The choice is an access level, as for the operators' roles: handling conversations needs reading them too.
const SCOPE_SETS: Record<Scope, Scope[]> = { read: ['read'], conversations: ['read', 'conversations'], admin: ['admin'] };
const KEY = ['api-keys'] as const;

/** `/settings/api-keys`: keys for programs, each with one scope; the key itself is shown once, revoking is for good. */
export function ApiKeysPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: KEY, queryFn: () => unwrap(t('settings.apiKeys.loading'), api.GET('/api/v1/api-keys')) });
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(t('settings.apiKeys.revoking'), api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  const keys = list.data ?? [];
  return (
    <Stack gap="md">
      <PageTitle actions={<Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>{t('settings.apiKeys.add')}</Button>}>
        {t('settings.apiKeys.title')}
      </PageTitle>
      <Text size="sm" c="dimmed" maw={720}>{t('settings.apiKeys.intro')}</Text>
      {!list.data ? (
        <QueryState isLoading={list.isLoading} error={list.error} onRetry={() => void list.refetch()} label={t('settings.apiKeys.loading')} />
      ) : keys.length === 0 ? (
        <Paper withBorder radius="md" p="lg"><Text size="sm" c="dimmed">{t('settings.apiKeys.empty')}</Text></Paper>
      ) : (
        <ScrollTable label={t('settings.apiKeys.title')} minWidth={720}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.apiKeys.name')}</Table.Th>
                <Table.Th>{t('settings.apiKeys.prefix')}</Table.Th>
                <Table.Th>{t('settings.apiKeys.scope')}</Table.Th>
                <Table.Th>{t('settings.created')}</Table.Th>
                <Table.Th>{t('settings.apiKeys.lastUsed')}</Table.Th>
                <Table.Th><VisuallyHidden>{t('settings.actions')}</VisuallyHidden></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.map((k) => (
                <Table.Tr key={k.id} data-testid="api-key">
                  <Table.Td><Text size="sm" fw={500}>{k.name}</Text></Table.Td>
                  <Table.Td><Text size="sm" ff="monospace">{k.prefix}…</Text></Table.Td>
                  <Table.Td><Group gap={4}>{k.scopes.map((s) => <Badge key={s} variant="light" color={s === 'admin' ? 'grape' : 'blue'}>{t(`settings.apiKeys.scopes.${s}`)}</Badge>)}</Group></Table.Td>
                  <Table.Td><Text size="sm">{f.dateTime(k.createdAt)}</Text></Table.Td>
                  <Table.Td><Text size="sm">{k.lastUsedAt ? f.dateTime(String(k.lastUsedAt)) : t('settings.never')}</Text></Table.Td>
                  <Table.Td>
                    {k.revokedAt ? (
                      <Badge variant="light" color="gray">{t('settings.apiKeys.revoked')}</Badge>
                    ) : (
                      <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(k)} aria-label={t('settings.apiKeys.revokeOne', { name: k.name })}>{t('settings.apiKeys.revoke')}</Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <CreateKeyDialog opened={creating} onClose={() => setCreating(false)} onCreated={(key) => {
        setCreating(false);
        setIssued(key);
        void queryClient.invalidateQueries({ queryKey: KEY });
      }} />
      <ShownOnce title={t('settings.apiKeys.issuedTitle')} label={t('settings.apiKeys.issuedLabel')} value={issued} onClose={() => setIssued(null)} />
      <ConfirmDialog opened={revoking !== null} title={t('settings.apiKeys.revokeTitle')} message={t('settings.apiKeys.revokeMessage', { name: revoking?.name ?? '' })}
        confirmLabel={t('settings.apiKeys.revoke')} busy={revoke.isPending} error={revoke.error?.message}
        onConfirm={() => revoking && revoke.mutate(revoking.id)} onClose={() => { setRevoking(null); revoke.reset(); }} />
    </Stack>
  );
}

function CreateKeyDialog({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (key: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<Scope>('read');
  const create = useMutation({
    mutationFn: () => unwrap(t('settings.apiKeys.creating'), api.POST('/api/v1/api-keys', { body: { name: name.trim(), scopes: SCOPE_SETS[scope] } })),
    onSuccess: (issued) => {
      setName('');
      setScope('read');
      onCreated(issued.apiKey);
    },
  });
  const close = () => {
    create.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const general = formError(create.error, ['name', 'scopes']);
  return (
    <Modal opened={opened} onClose={close} closeButtonProps={{ 'aria-label': t('settings.close') }} title={t('settings.apiKeys.addTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
          <TextInput label={t('settings.apiKeys.name')} description={t('settings.apiKeys.nameHint')} required value={name}
            onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, 'name')} data-autofocus />
          <Radio.Group label={t('settings.apiKeys.scope')} required value={scope} onChange={(v) => setScope(v as Scope)} error={fieldError(create.error, 'scopes')}>
            <Stack gap="xs" mt="xs">
              {SCOPES.map((s) => <Radio key={s} value={s} label={t(`settings.apiKeys.scopes.${s}`)} description={t(`settings.apiKeys.scopeHint.${s}`)} />)}
            </Stack>
          </Radio.Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('settings.cancel')}</Button>
            <Button type="submit" loading={create.isPending}>{t('settings.apiKeys.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
