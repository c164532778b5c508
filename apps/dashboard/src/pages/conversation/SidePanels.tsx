import { Badge, Code, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { ChannelBadge } from '../common/ChannelBadge';
import { pretty, str } from '../common/values';
import type { ConversationDetail } from './timeline';

export function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-label={title}>
      <Title order={2} size="h5" mb="xs">{title}</Title>
      {children}
    </Paper>
  );
}

/** The facts about the conversation: customer, assistant, channel, state, tokens and the total cost. */
export function SummaryPanel({ detail, assistantName }: { detail: ConversationDetail; assistantName: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows: Array<[string, React.ReactNode]> = [
    [t('conversation.summary.customer'), <>{str(detail.customer.name) ?? t('chats.noName')}{detail.channel !== 'test' && <Text size="xs" c="dimmed" component="div">{str(detail.customer.identifier) ?? '–'}</Text>}</>],
    [t('conversation.summary.channel'), <ChannelBadge channel={detail.channel} />],
    [t('conversation.summary.assistant'), assistantName],
    [t('conversation.summary.status'), <Group gap={4}><Badge variant="light" color={detail.status === 'open' ? 'green' : 'gray'} tt="none">{t(`chats.status.${detail.status}`)}</Badge><Badge variant="light" color={detail.owner === 'ai' ? 'blue' : 'teal'} tt="none">{t(`chats.owner.${detail.owner}`)}</Badge></Group>],
    [t('conversation.summary.started'), f.dateTime(detail.createdAt)],
    [t('conversation.summary.messages'), f.number(detail.messageCount)],
    [t('conversation.summary.tokens'), t('conversation.summary.tokenCounts', { prompt: f.number(detail.tokens.promptTokens), cached: f.number(detail.tokens.cachedTokens), completion: f.number(detail.tokens.completionTokens) })],
    [t('conversation.summary.totalCost'), <Text fw={700} size="sm" data-testid="total-cost">{f.money(detail.totalCost.micros, detail.totalCost.currency)}</Text>],
  ];
  return (
    <Panel title={t('conversation.summary.title')}>
      <Table withRowBorders={false} verticalSpacing={4} fz="sm">
        <Table.Tbody>
          {rows.map(([k, v]) => (
            <Table.Tr key={k}>
              <Table.Th scope="row" w="40%" fw={500} c="dimmed">{k}</Table.Th>
              <Table.Td>{v}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Panel>
  );
}

/** What the assistant knows about the customer, where each value came from and when it was set. */
export function VariablesPanel({ variables }: { variables: ConversationDetail['variables'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const entries = Object.entries(variables).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Panel title={t('conversation.variables.title')}>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">{t('conversation.variables.none')}</Text>
      ) : (
        <Stack gap={6} data-testid="variables">
          {entries.map(([name, v]) => (
            <div key={name}>
              <Group gap={6} justify="space-between" wrap="wrap">
                <Text size="sm" fw={600} ff="monospace">{name}</Text>
                <Text size="xs" c="dimmed">{t(`conversation.variables.source.${v.source}`)} · {f.dateTime(v.updatedAt)}</Text>
              </Group>
              <Code block style={{ whiteSpace: 'pre-wrap' }}>{pretty(v.value)}</Code>
            </div>
          ))}
        </Stack>
      )}
    </Panel>
  );
}
