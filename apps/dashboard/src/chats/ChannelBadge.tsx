import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

// autoContrast picks black or white text for each background, so every badge passes 4.5:1 in both themes.
const COLORS: Record<string, string> = { whatsapp: 'green.6', web_widget: 'violet.7', api: 'blue.8', test: 'yellow.5' };

/** The channel in words ("WhatsApp", "Web Widget", "API", "Test"); an unknown channel shows its own name. */
export function ChannelBadge({ channel }: { channel: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[channel] ?? 'gray.7'} variant="filled" autoContrast radius="sm" tt="none" fw={600}
      styles={{ root: { overflow: 'visible', flexShrink: 0 }, label: { overflow: 'visible' } }}>
      {t(`channel.${channel}`, { defaultValue: channel })}
    </Badge>
  );
}
