import { ActionIcon, Anchor, Button, Group, Menu, Paper, Stack, Table, Text, ThemeIcon, Title, VisuallyHidden } from '@mantine/core';
import { IconBooks, IconDots, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { can, useSession } from '../../auth/session-context';
import { PageTitle } from '../../components/PageTitle';
import { QueryState } from '../../components/QueryState';
import { useFormat } from '../../format/use-format';
import { ScrollTable } from '../common/ScrollTable';
import { DeleteKnowledgeBaseDialog } from './DeleteKnowledgeBaseDialog';
import { KnowledgeBaseForm } from './KnowledgeBaseForm';
import { KnowledgeGaps } from './KnowledgeGaps';
import { useKnowledgeBases, type KnowledgeBase } from './knowledge-api';

/** `/knowledge`: the tenant's knowledge bases, and the questions the assistants could not answer from them. */
export function KnowledgeBasesPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const session = useSession();
  const canEdit = can(session.operator.role, 'configure');
  const list = useKnowledgeBases();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<KnowledgeBase | null>(null);
  const [deleting, setDeleting] = useState<KnowledgeBase | null>(null);

  return (
    <Stack gap="md">
      <PageTitle actions={canEdit && list.data && list.data.length > 0 && (
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>{t('knowledge.create')}</Button>
      )}>{t('knowledge.title')}</PageTitle>
      <Text size="sm" c="dimmed" maw={760} mt={-8}>{t('knowledge.intro')}</Text>

      {!list.data ? (
        <QueryState isLoading={list.isLoading} error={list.error} onRetry={() => void list.refetch()} label={t('knowledge.loading')} />
      ) : list.data.length === 0 ? (
        <Paper withBorder radius="md" p="xl">
          <Stack align="center" gap="sm" ta="center">
            <ThemeIcon size={48} radius="xl" variant="light" aria-hidden><IconBooks size={28} /></ThemeIcon>
            <Title order={2} size="h4">{t('knowledge.empty.title')}</Title>
            <Text size="sm" c="dimmed" maw={520}>{canEdit ? t('knowledge.empty.admin') : t('knowledge.empty.readOnly')}</Text>
            {canEdit && <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>{t('knowledge.createFirst')}</Button>}
          </Stack>
        </Paper>
      ) : (
        <ScrollTable label={t('knowledge.listLabel')} minWidth={720}>
          <Table striped highlightOnHover fz="sm" aria-label={t('knowledge.listLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('knowledge.col.name')}</Table.Th>
                <Table.Th>{t('knowledge.col.model')}</Table.Th>
                <Table.Th>{t('knowledge.col.chunking')}</Table.Th>
                <Table.Th>{t('knowledge.col.updated')}</Table.Th>
                {/* Positioned, so the visually hidden (absolute) label stays inside the scrolling box instead of widening a phone's page. */}
                {canEdit && <Table.Th pos="relative"><VisuallyHidden>{t('knowledge.col.actions')}</VisuallyHidden></Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((kb) => (
                <Table.Tr key={kb.id} data-kb-id={kb.id} style={{ cursor: 'pointer' }} onClick={(e) => {
                  if (!(e.target as HTMLElement).closest('a,button,[role="menu"]')) navigate(`/knowledge/${kb.id}`);
                }}>
                  <Table.Td>
                    <Anchor component={Link} to={`/knowledge/${kb.id}`} fw={500}>{kb.name}</Anchor>
                    {typeof kb.description === 'string' && kb.description && <Text size="xs" c="dimmed" lineClamp={2}>{kb.description}</Text>}
                  </Table.Td>
                  <Table.Td><Text size="sm" ff="monospace">{kb.embeddingModel}</Text></Table.Td>
                  <Table.Td>{t('knowledge.chunking', { size: f.number(kb.chunkTokens), overlap: f.number(kb.chunkOverlapTokens) })}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{f.listTime(kb.updatedAt)}</Table.Td>
                  {canEdit && (
                    <Table.Td>
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={t('knowledge.actionsFor', { name: kb.name })}><IconDots size={18} aria-hidden /></ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(kb)}>{t('knowledge.edit')}</Menu.Item>
                          <Menu.Item color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setDeleting(kb)}>{t('knowledge.delete')}</Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}

      <KnowledgeGaps knowledgeBases={list.data ?? []} canEdit={canEdit} />

      <KnowledgeBaseForm opened={creating} onClose={() => setCreating(false)} onSaved={(kb) => navigate(`/knowledge/${kb.id}`)} />
      <KnowledgeBaseForm opened={!!editing} onClose={() => setEditing(null)} kb={editing ?? undefined} />
      <DeleteKnowledgeBaseDialog kb={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  );
}
