import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconPencil, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { can, useSession } from '../../auth/session-context';
import { PageTitle } from '../../components/PageTitle';
import { QueryState } from '../../components/QueryState';
import { useFormat } from '../../format/use-format';
import { AddUrlForm } from './AddUrlForm';
import { DeleteKnowledgeBaseDialog } from './DeleteKnowledgeBaseDialog';
import { DocumentsTable } from './DocumentsTable';
import { DocumentUpload } from './DocumentUpload';
import { isIndexing } from './document-status';
import { KnowledgeBaseForm } from './KnowledgeBaseForm';
import { useDocuments, useKnowledgeBase, useReindexKnowledgeBase } from './knowledge-api';
import { SearchPanel } from './SearchPanel';

/** `/knowledge/:id`: one knowledge base, its documents (upload, URL, status, re-index, delete) and a test search. */
export function KnowledgeBasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const session = useSession();
  const canEdit = can(session.operator.role, 'configure');
  const kb = useKnowledgeBase(id);
  const docs = useDocuments(id);
  const reindex = useReindexKnowledgeBase(id);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const back = <Anchor component={Link} to="/knowledge" size="sm"><Group gap={4}><IconArrowLeft size={14} aria-hidden />{t('knowledge.back')}</Group></Anchor>;
  if (!kb.data) {
    return (
      <Stack gap="md">
        {back}
        {(kb.error as { status?: number } | null)?.status === 404 ? (
          <Text role="alert">{t('knowledge.notFound')}</Text>
        ) : (
          <QueryState isLoading={kb.isLoading} error={kb.error} onRetry={() => void kb.refetch()} label={t('knowledge.loadingOne')} />
        )}
      </Stack>
    );
  }
  const indexing = docs.data?.filter(isIndexing).length ?? 0;
  const description = typeof kb.data.description === 'string' ? kb.data.description : '';

  return (
    <Stack gap="md">
      {back}
      <div>
        <PageTitle actions={canEdit && (
          <Group gap="xs">
            <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(true)}>{t('knowledge.settings')}</Button>
            <Button variant="default" leftSection={<IconRefresh size={16} aria-hidden />} loading={reindex.isPending} disabled={!docs.data?.length} onClick={() => reindex.mutate()}>{t('knowledge.reindexAll')}</Button>
            <Button variant="light" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setDeleting(true)}>{t('knowledge.delete')}</Button>
          </Group>
        )}>{kb.data.name}</PageTitle>
        {description && <Text size="sm" mt={-8}>{description}</Text>}
        <Text size="xs" c="dimmed" mt={4}>
          {t('knowledge.meta', { model: kb.data.embeddingModel, size: f.number(kb.data.chunkTokens), overlap: f.number(kb.data.chunkOverlapTokens) })}
        </Text>
        {reindex.error && <Text size="sm" c="var(--mantine-color-red-text)" role="alert">{reindex.error.message}</Text>}
        {reindex.data && <Text size="sm" role="status">{t('knowledge.reindexQueued', { count: reindex.data.reindexing })}</Text>}
      </div>

      {canEdit && (
        <Paper withBorder radius="md" p="md" component="section" aria-labelledby="kb-add-title">
          <Title order={2} size="h4" id="kb-add-title" mb="sm">{t('knowledge.add.title')}</Title>
          <Stack gap="md">
            <DocumentUpload kbId={id} />
            <AddUrlForm kbId={id} />
          </Stack>
        </Paper>
      )}

      <Paper withBorder radius="md" p="md" component="section" aria-labelledby="kb-docs-title">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4" id="kb-docs-title">{t('knowledge.docs.title')}</Title>
          <Text size="sm" c="dimmed" aria-live="polite">
            {docs.data && t('knowledge.docs.count', { count: docs.data.length })}
            {indexing > 0 && ` · ${t('knowledge.docs.indexing', { count: indexing })}`}
          </Text>
        </Group>
        {!docs.data ? (
          <QueryState isLoading={docs.isLoading} error={docs.error} onRetry={() => void docs.refetch()} label={t('knowledge.docs.loading')} />
        ) : docs.data.length === 0 ? (
          <Text size="sm" c="dimmed">{canEdit ? t('knowledge.docs.emptyAdmin') : t('knowledge.docs.emptyReadOnly')}</Text>
        ) : (
          <DocumentsTable kbId={id} docs={docs.data} canEdit={canEdit} />
        )}
      </Paper>

      <SearchPanel kbId={id} />

      <KnowledgeBaseForm opened={editing} onClose={() => setEditing(false)} kb={kb.data} />
      <DeleteKnowledgeBaseDialog kb={deleting ? kb.data : null} onClose={() => setDeleting(false)} onDeleted={() => navigate('/knowledge')} />
    </Stack>
  );
}
