import { Anchor, Badge, Box, Button, Collapse, Group, List, Paper, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { num, str } from '../common/values';
import { DeliveryFailure, DeliveryStatus } from './DeliveryStatus';
import type { Message, ToolCall } from './timeline';
import { ToolCallItem } from './ToolCallItem';
import { TraceWaterfall } from './TraceWaterfall';

interface Props {
  message: Message;
  toolCalls: ToolCall[];
  customerName: string;
  onRetryDelivery?: (messageId: string) => void;
  retryingDelivery?: boolean;
}

const SIDE: Record<Message['author'], 'left' | 'right' | 'center'> = { customer: 'left', assistant: 'right', agent: 'right', system: 'center' };
const TONE: Record<Message['author'], string> = { customer: 'gray', assistant: 'blue', agent: 'teal', system: 'yellow' };

/** One message of the timeline: who, when, what, and what it cost, was delivered or went wrong. */
export function MessageItem({ message, toolCalls, customerName, onRetryDelivery, retryingDelivery }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const [traceOpen, trace] = useDisclosure(false);
  const side = SIDE[message.author];
  const author =
    message.author === 'customer' ? customerName
      : message.author === 'assistant' ? t('conversation.author.assistant')
        : message.author === 'agent' ? (message.agent?.name ?? t('conversation.author.agent'))
          : t('conversation.author.system');
  const text = str(message.text);
  const replyError = str(message.replyError);
  const latency = num(message.latencyMs);
  const usage = message.usage;
  return (
    <Box style={{ display: 'flex', justifyContent: side === 'left' ? 'flex-start' : side === 'right' ? 'flex-end' : 'center' }} data-testid={`message-${message.author}`}>
      <Stack gap={6} maw="min(720px, 92%)" w={side === 'center' || traceOpen ? '100%' : undefined}>
        {toolCalls.length > 0 && (
          <Stack gap={4} aria-label={t('conversation.tool.list')} role="group">
            {toolCalls.map((c) => <ToolCallItem key={c.id} call={c} />)}
          </Stack>
        )}
        <Paper withBorder radius="md" p="sm" bg={`var(--mantine-color-${TONE[message.author]}-light)`} component="article" aria-label={`${author}, ${f.dateTime(message.createdAt)}`}>
          <Group gap="xs" justify="space-between" wrap="wrap" mb={4}>
            <Group gap={6}>
              <Text size="sm" fw={700}>{author}</Text>
              {message.author === 'agent' && <Badge size="xs" variant="outline" color="teal" tt="none">{t('conversation.author.agentBadge')}</Badge>}
              {str(message.editedAt) && <Text size="xs" c="dimmed">{t('conversation.edited')}</Text>}
            </Group>
            <Text size="xs" c="dimmed" component="time" dateTime={message.createdAt}>{f.dateTime(message.createdAt)}</Text>
          </Group>
          {str(message.revokedAt) ? (
            <Text size="sm" fs="italic" c="dimmed">{t('conversation.revoked')}</Text>
          ) : (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{text ?? (message.attachments.length ? '' : '–')}</Text>
          )}
          {message.attachments.length > 0 && <Text size="xs" c="dimmed">{t('conversation.attachments', { count: message.attachments.length })}</Text>}
          {message.citations.length > 0 && (
            <Box mt="xs">
              <Text size="xs" fw={600}>{t('conversation.citations')}</Text>
              <List size="xs" spacing={2}>
                {message.citations.map((c) => (
                  <List.Item key={`${c.chunkId}-${c.marker}`}>
                    [{c.marker}] {str(c.url) ? <Anchor href={str(c.url)!} target="_blank" rel="noreferrer" size="xs">{c.documentTitle}</Anchor> : c.documentTitle}
                    {c.headingPath.length ? ` › ${c.headingPath.join(' › ')}` : ''}
                    {str(c.page) ? ` · ${t('conversation.page', { page: str(c.page) })}` : ''}
                    {c.cited ? '' : ` (${t('conversation.notQuoted')})`}
                  </List.Item>
                ))}
              </List>
            </Box>
          )}
          <Group gap="sm" mt={6} wrap="wrap">
            <DeliveryStatus message={message} />
            {usage && (
              <Text size="xs" c="dimmed">
                {t('conversation.usage', { model: usage.model, prompt: f.number(usage.promptTokens), completion: f.number(usage.completionTokens), calls: usage.llmCalls })}
              </Text>
            )}
            {message.cost.micros > 0 && <Text size="xs" c="dimmed">{t('conversation.cost', { cost: f.money(message.cost.micros, message.cost.currency) })}</Text>}
            {latency !== null && <Text size="xs" c="dimmed">{t('conversation.latency', { time: f.duration(latency) })}</Text>}
            {message.author === 'customer' && message.replyState && message.replyState !== 'answered' && (
              <Badge size="xs" color={message.replyState === 'failed' ? 'red' : 'gray'} variant="light" tt="none">{t(`conversation.replyState.${message.replyState}`)}</Badge>
            )}
            {message.author === 'customer' && (
              <Button size="compact-xs" variant="subtle" onClick={trace.toggle} aria-expanded={traceOpen}>
                {traceOpen ? t('conversation.trace.hide') : t('conversation.trace.show')}
              </Button>
            )}
          </Group>
          {replyError && message.replyState !== 'answered' && <Text size="xs" c="var(--mantine-color-red-text)" mt={4}>{replyError}</Text>}
          <DeliveryFailure message={message} onRetry={onRetryDelivery ? () => onRetryDelivery(message.id) : undefined} retrying={retryingDelivery} />
          {message.author === 'customer' && <Collapse expanded={traceOpen}>{traceOpen && <TraceWaterfall messageId={message.id} />}</Collapse>}
        </Paper>
      </Stack>
    </Box>
  );
}
