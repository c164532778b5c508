import { Alert, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

interface Props {
  isLoading: boolean;
  error: unknown;
  onRetry?: () => void;
  /** What is loading, said to screen readers ("Loading chats"). */
  label?: string;
  fullPage?: boolean;
}

/**
 * The one loading and error state of every view: a spinner with a spoken label, or an alert that says what failed
 * (the message from ApiError starts with what was being done) and offers to try again.
 */
export function QueryState({ isLoading, error, onRetry, label, fullPage }: Props) {
  const { t } = useTranslation();
  if (error) {
    const message = error instanceof Error ? error.message : String(error);
    const alert = (
      <Alert color="red" variant="light" title={t('state.errorTitle')} icon={<IconAlertTriangle aria-hidden />} role="alert" maw={640} w="100%">
        <Stack gap="sm">
          <Text size="sm">{message}</Text>
          {onRetry && (
            <Group>
              <Button size="xs" variant="default" onClick={onRetry}>{t('state.retry')}</Button>
            </Group>
          )}
        </Stack>
      </Alert>
    );
    return fullPage ? <Center mih="60vh" p="md">{alert}</Center> : alert;
  }
  if (isLoading) {
    return (
      <Center mih={fullPage ? '60vh' : 120} role="status" aria-live="polite">
        <Group gap="sm">
          <Loader size="sm" aria-hidden />
          <Text size="sm" c="dimmed">{label ?? t('state.loading')}</Text>
        </Group>
      </Center>
    );
  }
  return null;
}
