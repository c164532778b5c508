import { Badge, Button, Group, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconChecks, IconClock, IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { str } from '../common/values';
import type { Message } from './timeline';

/** Ticks like the customer's phone shows them (one: sent, two: delivered, blue: read) with the time in words. */
export function DeliveryStatus({ message }: { message: Message }) {
  const { t } = useTranslation();
  const f = useFormat();
  const status = message.deliveryStatus;
  if (!status || status === 'failed') return null;
  const at = str(status === 'read' ? message.readAt : status === 'delivered' ? message.deliveredAt : message.sentAt);
  const label = `${t(`conversation.delivery.${status}`)}${at ? ` · ${f.dateTime(at)}` : ''}`;
  const Icon = status === 'pending' ? IconClock : status === 'sent' ? IconCheck : IconChecks;
  return (
    <Tooltip label={label}>
      <Group gap={4} component="span" c={status === 'read' ? 'var(--mantine-color-blue-text)' : 'dimmed'} aria-label={label} role="img">
        <Icon size={16} aria-hidden />
        <Text size="xs" component="span" aria-hidden>{t(`conversation.delivery.${status}`)}</Text>
      </Group>
    </Tooltip>
  );
}

/** A failed delivery with the provider's code and reason, and (for those who may) a retry. */
export function DeliveryFailure({ message, onRetry, retrying }: { message: Message; onRetry?: () => void; retrying?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (message.deliveryStatus !== 'failed') return null;
  const error = message.error;
  return (
    <Group gap="xs" mt={6} wrap="wrap" role="status">
      <Badge color="red" variant="light" leftSection={<IconAlertCircle size={14} aria-hidden />} tt="none">
        {t('conversation.delivery.failed')}{error ? ` · ${error.code}` : ''}
      </Badge>
      <Text size="xs" c="var(--mantine-color-red-text)" style={{ flex: '1 1 200px' }}>
        {error ? [error.title, error.details].filter(Boolean).join(' – ') : t('conversation.delivery.noReason')}
        {str(message.failedAt) ? ` (${f.dateTime(str(message.failedAt))})` : ''}
      </Text>
      {onRetry && (
        <Button size="compact-xs" variant="light" color="red" onClick={onRetry} loading={retrying}>{t('conversation.actions.retryDelivery')}</Button>
      )}
    </Group>
  );
}
