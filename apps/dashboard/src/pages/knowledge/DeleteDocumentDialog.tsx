import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KnowledgeDocument } from './knowledge-api';

/** Confirms removing a document: its chunks stop answering at once. */
export function DeleteDocumentDialog({ doc, onClose, onConfirm }: { doc: KnowledgeDocument | null; onClose: () => void; onConfirm: (doc: KnowledgeDocument) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    onClose();
  };
  const confirm = async () => {
    if (!doc) return;
    setPending(true);
    try {
      await onConfirm(doc);
      close();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setPending(false);
    }
  };
  return (
    <Modal opened={!!doc} onClose={close} title={t('knowledge.docs.deleteTitle', { title: doc?.title ?? '' })} centered closeButtonProps={{ 'aria-label': t('state.close') }}>
      <Stack gap="sm">
        <Text size="sm">{t('knowledge.docs.deleteWarning')}</Text>
        {error && <Text size="sm" c="var(--mantine-color-red-text)" role="alert">{error}</Text>}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} data-autofocus>{t('knowledge.cancel')}</Button>
          <Button color="red" loading={pending} onClick={() => void confirm()}>{t('knowledge.docs.deleteConfirm')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
