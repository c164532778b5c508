import { Box, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/QueryState';
import { useFormat } from '../../format/use-format';
import { useTrace } from './conversation-api';
import { waterfall } from './timeline';

const COLORS: Record<string, string> = {
  received: 'gray', queued: 'gray', retrieval: 'cyan', llm: 'violet', tool: 'orange', stored: 'blue', sent: 'teal', delivered: 'teal', read: 'green', failed: 'red',
};

/** Where the time went between a customer message and its reply: one bar per pipeline stage on a shared axis. */
export function TraceWaterfall({ messageId }: { messageId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const trace = useTrace(messageId, true);
  if (!trace.data) return <QueryState isLoading={trace.isLoading} error={trace.error} onRetry={() => void trace.refetch()} label={t('conversation.trace.loading')} />;
  const { totalMs, bars } = waterfall(trace.data.stages);
  if (!bars.length) return <Text size="sm" c="dimmed">{t('conversation.trace.empty')}</Text>;
  return (
    <Stack gap={4} mt="xs" data-testid="trace" aria-label={t('conversation.trace.title')} role="group">
      <Text size="xs" c="dimmed">{t('conversation.trace.total', { time: f.duration(totalMs) })}</Text>
      {bars.map((bar, i) => (
        <Group key={`${bar.name}-${i}`} gap="xs" wrap="nowrap">
          <Text size="xs" w={120} style={{ flexShrink: 0 }} truncate>
            {t(`conversation.trace.stage.${bar.name}`)}{bar.detail ? ` · ${bar.detail}` : ''}
          </Text>
          <Box style={{ flex: 1, position: 'relative', height: 12, background: 'var(--mantine-color-default-hover)', borderRadius: 3 }} aria-hidden>
            <Box style={{ position: 'absolute', left: `${bar.offset * 100}%`, width: `${bar.width * 100}%`, top: 0, bottom: 0, borderRadius: 3, background: `var(--mantine-color-${COLORS[bar.name] ?? 'gray'}-6)` }} />
          </Box>
          <Text size="xs" w={70} ta="right" style={{ flexShrink: 0 }}>{f.duration(bar.durationMs)}</Text>
        </Group>
      ))}
    </Stack>
  );
}
