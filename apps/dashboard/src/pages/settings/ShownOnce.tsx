import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

interface Props {
  title: string;
  /** What the value is ("The signing secret"), said above it. */
  label: string;
  value: string | null;
  onClose: () => void;
}

/**
 * A secret the server returns exactly once (a webhook's signing secret, an API key, an invitation link): shown
 * with a copy button and a plain warning, and gone when the dialog closes.
 */
export function ShownOnce({ title, label, value, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={value !== null} onClose={onClose} closeButtonProps={{ 'aria-label': t('settings.close') }} title={title} size="lg" closeOnClickOutside={false}>
      <Stack gap="sm">
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />}>{t('settings.shownOnce.warning')}</Alert>
        <Text size="sm" fw={500} id="shown-once-label">{label}</Text>
        <Code block aria-labelledby="shown-once-label" data-testid="shown-once" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>{value}</Code>
        <Group justify="space-between">
          <CopyButton value={value ?? ''}>
            {({ copied, copy }) => <Button variant="light" onClick={copy}>{copied ? t('settings.shownOnce.copied') : t('settings.shownOnce.copy')}</Button>}
          </CopyButton>
          <Button onClick={onClose}>{t('settings.shownOnce.done')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
