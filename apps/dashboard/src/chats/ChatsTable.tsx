import { Anchor, Badge, Group, Mark, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconMessageQuestion, IconUserShare } from '@tabler/icons-react';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { components } from '../api/schema';
import { useFormat } from '../format/use-format';
import { ChannelBadge } from './ChannelBadge';
import { highlightSegments } from './highlight';
import { customerLabel } from '../format/customer-label';

// Markers show their whole text (Mantine badges cut it with an ellipsis by default); on a phone they wrap.
const MARKER = { root: { overflow: 'visible' }, label: { overflow: 'visible' } } as const;
const MARKER_WRAPPING = { root: { overflow: 'visible', height: 'auto', minHeight: 'var(--badge-height)' }, label: { overflow: 'visible', whiteSpace: 'normal' } } as const;

export type ConversationItem = components['schemas']['ConversationListItemView'];

interface Props {
  items: ConversationItem[];
  assistantNames: Map<string, string>;
  selected: number;
  onSelect: (index: number) => void;
  onOpen: (id: string) => void;
}

/**
 * One row per conversation, every channel together; the selected row follows j/k and opens with Enter. On a phone
 * the row keeps what decides whether to open a chat (who, the last message and its markers, when, what it cost) in
 * three columns that fit the screen, instead of a wide table to scroll sideways.
 */
export function ChatsTable({ items, assistantNames, selected, onSelect, onOpen }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const compact = useMediaQuery('(max-width: 40em)') ?? false;
  return (
    <Table.ScrollContainer minWidth={compact ? 0 : 960}>
      <Table highlightOnHover verticalSpacing="xs" aria-label={t('chats.table')} stickyHeader>
        <Table.Thead>
          <Table.Tr>
            {!compact && <Table.Th>{t('chats.col.channel')}</Table.Th>}
            <Table.Th>{t('chats.col.customer')}</Table.Th>
            {!compact && <Table.Th>{t('chats.col.assistant')}</Table.Th>}
            <Table.Th>{t('chats.col.lastMessage')}</Table.Th>
            {!compact && <Table.Th>{t('chats.col.time')}</Table.Th>}
            {!compact && <Table.Th ta="right">{t('chats.col.messages')}</Table.Th>}
            {!compact && <Table.Th ta="right">{t('chats.col.cost')}</Table.Th>}
            {!compact && <Table.Th>{t('chats.col.owner')}</Table.Th>}
            {!compact && <Table.Th>{t('chats.col.status')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c, i) => {
            const isSelected = i === selected;
            const who = customerLabel(c.channel, c.customer.name, c.customer.identifier);
            const title = who.visitor ? t('chats.visitor', { id: who.primary }) : who.primary;
            return (
              <Table.Tr key={c.id} data-conversation-id={c.id} aria-selected={isSelected}
                bg={isSelected ? 'var(--mantine-primary-color-light)' : undefined}
                style={{ cursor: 'pointer' }}
                onClick={(e) => {
                  onSelect(i);
                  if (!(e.target as HTMLElement).closest('a')) onOpen(c.id);
                }}>
                {!compact && <Table.Td w={1} style={{ whiteSpace: 'nowrap' }}><ChannelBadge channel={c.channel} /></Table.Td>}
                <Table.Td maw={compact ? 130 : 220} w={compact ? 130 : undefined}>
                  {compact && <ChannelBadge channel={c.channel} />}
                  <Anchor component={Link} to={`/chats/${c.id}`} fw={600} size="sm" c="var(--mantine-color-text)" display="block" truncate="end">
                    {(who.visitor && c.customer.name ? c.customer.name : title) || t('chats.noName')}
                  </Anchor>
                  {who.secondary && <Text size="xs" c="dimmed" truncate="end">{who.secondary}</Text>}
                  {compact && (
                    <Text size="xs" c="dimmed">
                      {f.listTime(c.lastMessageAt ?? c.createdAt)} · {f.money(c.totalCost.micros, c.totalCost.currency)}
                    </Text>
                  )}
                </Table.Td>
                {!compact && <Table.Td><Text size="sm" truncate="end" maw={160}>{assistantNames.get(c.assistantId) ?? '…'}</Text></Table.Td>}
                <Table.Td miw={compact ? 0 : 200} maw={340}>
                  <Stack gap={2}>
                    {c.match ? (
                      <Text size="sm" lineClamp={2}>
                        {highlightSegments(c.match.snippet, c.match.highlights).map((s, k) => (s.hit ? <Mark key={k} color="yellow">{s.text}</Mark> : <span key={k}>{s.text}</span>))}
                      </Text>
                    ) : c.lastMessage ? (
                      <Text size="sm" lineClamp={2}>
                        <Text span size="sm" c="dimmed">{t(`chats.author.${c.lastMessage.author}`, { defaultValue: c.lastMessage.author })}: </Text>
                        {c.lastMessage.text || '…'}
                      </Text>
                    ) : null}
                    <Group gap={6} wrap="wrap">
                      {c.failedDeliveries > 0 && (
                        <Badge color="red.9" variant="filled" autoContrast size="sm" styles={compact ? MARKER_WRAPPING : MARKER} leftSection={<IconAlertTriangle size={12} aria-hidden />} tt="none">
                          {t('chats.failedDeliveries', { count: c.failedDeliveries })}
                        </Badge>
                      )}
                      {c.unanswered && (
                        <Badge color="yellow.4" variant="filled" autoContrast size="sm" styles={compact ? MARKER_WRAPPING : MARKER} leftSection={<IconMessageQuestion size={12} aria-hidden />} tt="none">
                          {t('chats.unanswered')}
                        </Badge>
                      )}
                      {c.handedOverAt && c.owner === 'human' && (
                        <Tooltip label={c.handoffReason ?? ''} disabled={!c.handoffReason}>
                          <Badge color="grape.8" variant="filled" autoContrast size="sm" styles={compact ? MARKER_WRAPPING : MARKER} leftSection={<IconUserShare size={12} aria-hidden />} tt="none">
                            {c.handedOverBy?.name ? `${t('chats.handedOver')}: ${c.handedOverBy.name}` : t('chats.handedOver')}
                          </Badge>
                        </Tooltip>
                      )}
                    </Group>
                  </Stack>
                </Table.Td>
                {!compact && <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{f.listTime(c.lastMessageAt ?? c.createdAt)}</Text></Table.Td>}
                {!compact && <Table.Td ta="right"><Text size="sm">{f.number(c.messageCount)}</Text></Table.Td>}
                {!compact && <Table.Td ta="right"><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{f.money(c.totalCost.micros, c.totalCost.currency)}</Text></Table.Td>}
                {!compact && <Table.Td><Text size="sm">{t(`chats.owner.${c.owner}`)}</Text></Table.Td>}
                {!compact && <Table.Td><Text size="sm">{t(`chats.status.${c.status}`)}</Text></Table.Td>}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
