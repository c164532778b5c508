import { Anchor, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../components/QueryState';
import { useFormat } from '../../format/use-format';
import { ChannelBadge } from '../common/ChannelBadge';
import { str } from '../common/values';
import { useCustomer, type CustomerConversation, type CustomerIdentity } from './customer-api';
import { identityKindKey } from './identity-kinds';
import { Panel } from './SidePanels';
import type { ConversationDetail } from './timeline';

// A long-standing customer can have hundreds of chats; the first few answer "have we talked before?".
const FIRST_CONVERSATIONS = 5;

/**
 * The value as an operator reads it. WhatsApp ids are international numbers without the plus sign; a test chat's
 * identity is a generated id that says no more than its kind ("Test chat") does, so it is left out.
 */
function identityValue(identity: CustomerIdentity): string | null {
  if (identity.kind === 'test') return null;
  return identity.kind === 'wa_id' && /^\d+$/.test(identity.value) ? `+${identity.value}` : identity.value;
}

/** Whether this conversation came in through the identity (API ids are per connection, so the connection must match too). */
function writtenFrom(identity: CustomerIdentity, detail: ConversationDetail): boolean {
  if (identity.value !== detail.customer.identifier) return false;
  return !identity.kind.startsWith('external:') || identity.kind === `external:${detail.connectionId}`;
}

/**
 * The person behind the conversation: every identity the channels know them by and their other conversations,
 * so an operator sees that the WhatsApp number and the website login are the same customer.
 */
export function CustomerPanel({ detail }: { detail: ConversationDetail }) {
  const { t } = useTranslation();
  const customer = useCustomer(detail.customer.id);
  const data = customer.data;
  const others = data?.conversations.filter((c) => c.id !== detail.id) ?? [];
  const name = str(data?.displayName) ?? str(detail.customer.name) ?? t('chats.noName');
  return (
    <Panel title={t('customer.title')}>
      {!data ? (
        <QueryState isLoading={customer.isLoading} error={customer.error} onRetry={() => void customer.refetch()} label={t('customer.loading')} />
      ) : (
        <Stack gap="sm" data-testid="customer">
          <Text fw={600} size="sm">{name}</Text>
          <section aria-label={t('customer.identities')}>
            <Title order={3} size="h6" c="dimmed" fw={500} mb={4}>{t('customer.identities')}</Title>
            {data.identities.length === 0 ? (
              <Text size="sm" c="dimmed">{t('customer.noIdentities')}</Text>
            ) : (
              <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="customer-identities">
                {data.identities.map((identity) => (
                  <li key={identity.id} data-testid="customer-identity">
                    <Group gap={6} wrap="nowrap" justify="space-between" align="flex-start">
                      <div style={{ minWidth: 0 }}>
                        <Text size="xs" c="dimmed">{t(identityKindKey(identity.kind))}</Text>
                        {identityValue(identity) !== null && <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{identityValue(identity)}</Text>}
                      </div>
                      {writtenFrom(identity, detail) && <Badge size="xs" variant="outline" tt="none" style={{ flexShrink: 0 }}>{t('customer.thisChat')}</Badge>}
                    </Group>
                  </li>
                ))}
              </Stack>
            )}
          </section>
          <section aria-label={t('customer.otherConversations')}>
            <Title order={3} size="h6" c="dimmed" fw={500} mb={4}>{t('customer.otherConversations')}</Title>
            {others.length === 0 ? (
              <Text size="sm" c="dimmed">{t('customer.noOtherConversations')}</Text>
            ) : (
              <OtherConversations conversations={others} />
            )}
          </section>
        </Stack>
      )}
    </Panel>
  );
}

function OtherConversations({ conversations }: { conversations: CustomerConversation[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [all, setAll] = useState(false);
  const shown = all ? conversations : conversations.slice(0, FIRST_CONVERSATIONS);
  return (
    <Stack gap={6}>
      <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="customer-conversations">
        {shown.map((c) => (
          <li key={c.id}>
            <Anchor component={Link} to={`/chats/${c.id}`} underline="hover" c="inherit" data-testid="customer-conversation">
              <Group gap={6} wrap="wrap">
                <ChannelBadge channel={c.channel} />
                <Text size="sm" component="span">{f.listTime(c.lastMessageAt ?? c.createdAt)}</Text>
                <Badge variant="light" size="sm" color={c.status === 'open' ? 'green' : 'gray'} tt="none">{t(`chats.status.${c.status}`)}</Badge>
                <Text size="xs" c="dimmed" component="span">{t('customer.messages', { count: c.messageCount, formatted: f.number(c.messageCount) })}</Text>
              </Group>
            </Anchor>
          </li>
        ))}
      </Stack>
      {conversations.length > FIRST_CONVERSATIONS && (
        <Group>
          <Button size="compact-xs" variant="subtle" onClick={() => setAll((v) => !v)} aria-expanded={all}>
            {all ? t('customer.showFewer') : t('customer.showAll', { count: conversations.length })}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
