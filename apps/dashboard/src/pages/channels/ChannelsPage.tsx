import { Anchor, Badge, Button, Menu, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconChevronDown, IconPlugConnected } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { can, useSession } from '../../auth/session-context';
import { PageTitle } from '../../components/PageTitle';
import { QueryState } from '../../components/QueryState';
import { useFormat } from '../../format/use-format';
import { ChannelBadge } from '../common/ChannelBadge';
import { ScrollTable } from '../common/ScrollTable';
import { useAssistants } from '../common/use-assistants';
import { useChannels, useChannelTypes, type ChannelType } from './channels-api';

/** `/channels`: every connection of the tenant with its type, assistant and state, and "Connect a channel". */
export function ChannelsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const session = useSession();
  const channels = useChannels();
  const types = useChannelTypes();
  const assistants = useAssistants();
  const canEdit = can(session.operator.role, 'configure');
  // Test-chat connections are made by the platform per assistant; they are not channels an operator set up.
  const rows = (channels.data ?? []).filter((c) => c.type !== 'test');
  return (
    <Stack gap="md">
      <PageTitle actions={canEdit ? <ConnectMenu types={types.types} /> : undefined}>{t('channels.title')}</PageTitle>
      <Text c="dimmed" size="sm" maw={720}>{t('channels.intro')}</Text>
      <QueryState isLoading={channels.isLoading} error={channels.error} onRetry={() => void channels.refetch()} label={t('channels.loading')} />
      {channels.data && rows.length === 0 && (
        <Paper withBorder radius="md" p="xl" ta="center">
          <Stack align="center" gap="xs">
            <IconPlugConnected size={32} aria-hidden />
            <Title order={2} size="h4">{t('channels.emptyTitle')}</Title>
            <Text size="sm" c="dimmed" maw={480}>{canEdit ? t('channels.emptyHint') : t('channels.emptyHintReadOnly')}</Text>
            {canEdit && <ConnectMenu types={types.types} />}
          </Stack>
        </Paper>
      )}
      {rows.length > 0 && (
        <ScrollTable label={t('channels.tableLabel')} minWidth={640}>
          <Table highlightOnHover verticalSpacing="sm" aria-label={t('channels.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('channels.name')}</Table.Th>
                <Table.Th>{t('channels.type')}</Table.Th>
                <Table.Th>{t('channels.assistant')}</Table.Th>
                <Table.Th>{t('channels.state')}</Table.Th>
                <Table.Th>{t('channels.created')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c) => (
                <Table.Tr key={c.id} data-channel-id={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/channels/${c.id}`} fw={500}>{c.name}</Anchor>
                  </Table.Td>
                  <Table.Td><ChannelBadge channel={c.type} /></Table.Td>
                  <Table.Td>{assistants.nameOf(c.assistantId)}</Table.Td>
                  <Table.Td><StatusBadge status={c.status} /></Table.Td>
                  <Table.Td>{f.date(c.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === 'active' ? 'teal' : 'gray'} variant="light" tt="none">
      {t(`channels.status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** The channel types the server has plugins for; each opens its own connect form. */
function ConnectMenu({ types }: { types: ChannelType[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button rightSection={<IconChevronDown size={16} aria-hidden />} disabled={!types.length}>{t('channels.connect')}</Button>
      </Menu.Target>
      <Menu.Dropdown>
        {types.map((type) => (
          <Menu.Item key={type.type} onClick={() => navigate(`/channels/new/${type.type}`)}>
            {t(`channel.${type.type}`, { defaultValue: type.displayName })}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
