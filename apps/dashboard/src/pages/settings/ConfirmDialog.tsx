import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface Props {
  opened: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

/** A destructive action asks once, saying what will happen; the dangerous button is red and not the default focus. */
export function ConfirmDialog({ opened, title, message, confirmLabel, busy, error, onConfirm, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} closeButtonProps={{ 'aria-label': t('settings.close') }} title={title}>
      <Stack gap="md">
        <Text size="sm">{message}</Text>
        {error && <Text size="sm" c="var(--mantine-color-red-text)" role="alert">{error}</Text>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>{t('settings.cancel')}</Button>
          <Button color="red" loading={busy} onClick={onConfirm}>{confirmLabel}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
