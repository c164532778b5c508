import { ActionIcon, Anchor, Badge, Group, Progress, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconRefresh, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { ScrollTable } from '../common/ScrollTable';
import { num, str } from '../common/values';
import { DeleteDocumentDialog } from './DeleteDocumentDialog';
import { isIndexing, isRetrying, progressValue, statusColor } from './document-status';
import { useDocumentAction, type KnowledgeDocument } from './knowledge-api';

/** The documents of one knowledge base with their indexing status, live while any is being indexed. */
export function DocumentsTable({ kbId, docs, canEdit }: { kbId: string; docs: KnowledgeDocument[]; canEdit: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const action = useDocumentAction(kbId);
  const [deleting, setDeleting] = useState<KnowledgeDocument | null>(null);
  const titles = new Map(docs.map((d) => [d.id, d.title] as const));

  return (
    <>
      {action.error && <Text size="sm" c="var(--mantine-color-red-text)" role="alert" mb="xs">{action.error.message}</Text>}
      <ScrollTable label={t('knowledge.docs.title')} minWidth={760}>
        <Table striped fz="sm" aria-label={t('knowledge.docs.title')} verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('knowledge.docs.col.title')}</Table.Th>
              <Table.Th w={230}>{t('knowledge.docs.col.status')}</Table.Th>
              <Table.Th>{t('knowledge.docs.col.chunks')}</Table.Th>
              <Table.Th>{t('knowledge.docs.col.size')}</Table.Th>
              <Table.Th>{t('knowledge.docs.col.indexed')}</Table.Th>
              {/* Positioned, so the visually hidden (absolute) label stays inside the scrolling box instead of widening a phone's page. */}
              {canEdit && <Table.Th pos="relative"><VisuallyHidden>{t('knowledge.col.actions')}</VisuallyHidden></Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {docs.map((doc) => {
              const url = str(doc.url);
              const parent = str(doc.parentDocumentId);
              const error = str(doc.error);
              return (
                <Table.Tr key={doc.id} data-document-id={doc.id} data-status={doc.status}>
                  <Table.Td>
                    <Text size="sm" fw={500}>{doc.title}</Text>
                    <Text size="xs" c="dimmed">
                      {t(`knowledge.docs.source.${doc.source}`, { defaultValue: doc.source })}
                      {str(doc.format) && ` · ${FORMAT_NAMES[str(doc.format)!] ?? str(doc.format)}`}
                      {str(doc.filename) && ` · ${str(doc.filename)}`}
                      {url && <> · <Anchor href={url} target="_blank" rel="noreferrer noopener" size="xs">{url}</Anchor></>}
                      {parent && ` · ${t('knowledge.docs.foundOn', { title: titles.get(parent) ?? '…' })}`}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      <Group gap={6}>
                        <Badge color={statusColor(doc.status)} variant="light" tt="none">{t(`knowledge.docs.status.${doc.status}`, { defaultValue: doc.status })}</Badge>
                        {isIndexing(doc) && <Text size="xs" c="dimmed">{f.percent(doc.progress / 100, 0)}</Text>}
                      </Group>
                      {isIndexing(doc) && (
                        <Progress value={progressValue(doc)} size="sm" animated={doc.status === 'processing'} striped
                          aria-label={t('knowledge.docs.progressFor', { title: doc.title })} />
                      )}
                      {error && (
                        <Text size="xs" c={isRetrying(doc) ? 'dimmed' : 'var(--mantine-color-red-text)'}>
                          {isRetrying(doc) ? t('knowledge.docs.retrying', { error }) : error}
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                  <Table.Td>{doc.status === 'ready' || doc.chunkCount > 0 ? f.number(doc.chunkCount) : '–'}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {num(doc.sizeBytes) ? formatBytes(num(doc.sizeBytes)!, f.locale) : '–'}
                    {num(doc.pages) ? <Text size="xs" c="dimmed">{t('knowledge.docs.pages', { count: num(doc.pages)! })}</Text> : null}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{str(doc.indexedAt) ? f.listTime(str(doc.indexedAt)) : '–'}</Table.Td>
                  {canEdit && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        <Tooltip label={t('knowledge.docs.reindex')}>
                          <ActionIcon variant="subtle" color="gray" aria-label={t('knowledge.docs.reindexFor', { title: doc.title })}
                            loading={action.isPending && action.variables?.id === doc.id && action.variables.action === 'reindex'}
                            disabled={isIndexing(doc)} onClick={() => action.mutate({ id: doc.id, action: 'reindex' })}>
                            <IconRefresh size={18} aria-hidden />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label={t('knowledge.docs.delete')}>
                          <ActionIcon variant="subtle" color="red" aria-label={t('knowledge.docs.deleteFor', { title: doc.title })} onClick={() => setDeleting(doc)}>
                            <IconTrash size={18} aria-hidden />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <DeleteDocumentDialog doc={deleting} onClose={() => setDeleting(null)} onConfirm={(doc) => action.mutateAsync({ id: doc.id, action: 'delete' })} />
    </>
  );
}

/** Format names as people write them (the same in English and German). */
const FORMAT_NAMES: Record<string, string> = { text: 'Text', markdown: 'Markdown', html: 'HTML', pdf: 'PDF' };

function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte'] as const;
  let value = bytes;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: i === 0 ? 0 : 1 }).format(value);
}
