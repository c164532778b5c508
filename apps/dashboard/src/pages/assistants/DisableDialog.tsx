import { Button, Group, Modal, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AssistantView } from './assistant-form';

/** Switching an assistant off silences it on every channel it serves: say so before it happens. */
export function DisableDialog({ assistant, channels, pending, onCancel, onConfirm }: {
  assistant: AssistantView | null;
  channels: number;
  pending: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={!!assistant} onClose={onCancel} title={t('assistants.disableTitle', { name: assistant?.name ?? '' })} centered closeButtonProps={{ 'aria-label': t('assistants.close') }}>
      <Text size="sm">{t('assistants.disableWarning', { count: channels })}</Text>
      <Text size="sm" mt="xs" c="dimmed">{t('assistants.disableTestChats')}</Text>
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onCancel}>{t('assistants.cancel')}</Button>
        <Button color="red" loading={pending} onClick={onConfirm}>{t('assistants.disableConfirm')}</Button>
      </Group>
    </Modal>
  );
}
