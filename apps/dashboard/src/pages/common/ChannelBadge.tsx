import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = { whatsapp: 'green', web_widget: 'blue', api: 'grape', test: 'orange' };

/** The channel in words ("WhatsApp", "Web Widget", "API", "Test"), never the raw type. */
export function ChannelBadge({ channel }: { channel: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[channel] ?? 'gray'} variant="light" tt="none" radius="sm">
      {t(`channel.${channel}`, { defaultValue: channel })}
    </Badge>
  );
}
