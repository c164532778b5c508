import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useAssistants } from '../common/use-assistants';
import { useDeleteKnowledgeBase, type KnowledgeBase } from './knowledge-api';

/**
 * Deleting a knowledge base cannot be undone and silently changes what assistants answer, so the dialog names the
 * assistants that lose it.
 */
export function DeleteKnowledgeBaseDialog({ kb, onClose, onDeleted }: { kb: KnowledgeBase | null; onClose: () => void; onDeleted?: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteKnowledgeBase();
  const { assistants } = useAssistants();
  const users = kb ? assistants.filter((a) => a.knowledgeBaseIds.includes(kb.id)) : [];
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Modal opened={!!kb} onClose={close} title={t('knowledge.deleteDialog.title', { name: kb?.name ?? '' })} centered closeButtonProps={{ 'aria-label': t('state.close') }}>
      <Stack gap="sm">
        <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />}>
          <Text size="sm">{t('knowledge.deleteDialog.warning')}</Text>
        </Alert>
        {users.length > 0 ? (
          <>
            <Text size="sm">{t('knowledge.deleteDialog.usedBy', { count: users.length })}</Text>
            <List size="sm">{users.map((a) => <List.Item key={a.id}>{a.name}</List.Item>)}</List>
          </>
        ) : (
          <Text size="sm" c="dimmed">{t('knowledge.deleteDialog.unused')}</Text>
        )}
        {remove.error && <Text size="sm" c="var(--mantine-color-red-text)" role="alert">{remove.error.message}</Text>}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} data-autofocus>{t('knowledge.cancel')}</Button>
          <Button color="red" loading={remove.isPending} onClick={() => kb && remove.mutate(kb.id, { onSuccess: () => { close(); onDeleted?.(); } })}>
            {t('knowledge.deleteDialog.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
