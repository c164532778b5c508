import { Anchor, Badge, Grid, Group, Paper, Stack, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { can, useSession } from '../../auth/session-context';
import { PageTitle } from '../../components/PageTitle';
import { QueryState } from '../../components/QueryState';
import { ChannelBadge } from '../common/ChannelBadge';
import { useAssistants } from '../common/use-assistants';
import { useLiveEvents } from '../common/use-live';
import { str } from '../common/values';
import { ActionBar, AgentComposer, HandoverBanner } from './ConversationActions';
import { conversationKey, useConversation, useConversationActions } from './conversation-api';
import { CustomerPanel } from './CustomerPanel';
import { MessageItem } from './MessageItem';
import { ServiceWindowPanel } from './ServiceWindowPanel';
import { SummaryPanel, VariablesPanel } from './SidePanels';
import { buildTimeline } from './timeline';
import { ToolCallItem } from './ToolCallItem';
import { customerLabel } from '../../format/customer-label';

/** `/chats/:id`: the whole conversation, live, with what an operator of this role may do about it. */
export function ConversationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const queryClient = useQueryClient();
  const mayConverse = can(session.operator.role, 'converse');
  // Every live event changes what the detail shows; refetching it keeps one source of truth (the API's view).
  const live = useLiveEvents(id ? `/api/v1/conversations/${encodeURIComponent(id)}/live` : null, (e) => {
    if (e.type === 'message.created' || e.type === 'message.status' || e.type === 'conversation.updated') {
      void queryClient.invalidateQueries({ queryKey: conversationKey(id) });
    }
  });
  const conversation = useConversation(id, live.connected ? false : 5000);
  const assistants = useAssistants();
  const actions = useConversationActions(id);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key !== 'Escape' || target?.closest('input, textarea, [role="dialog"], [role="listbox"]')) return;
      // Back to where the operator came from (the filtered list); opened from a link, to the list itself.
      const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
      if (idx > 0) navigate(-1);
      else navigate('/chats');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  const detail = conversation.data;
  const who = customerLabel(detail?.channel ?? '', str(detail?.customer.name), str(detail?.customer.identifier));
  // A test chat's customer is the operator who wrote it: its stand-in identifier still tells two test chats apart here.
  const customerName = (who.visitor && !str(detail?.customer.name) ? t('chats.visitor', { id: who.primary }) : who.primary) ?? str(detail?.customer.identifier) ?? t('chats.noName');
  const back = <Anchor component={Link} to="/chats" size="sm"><Group gap={4}><IconArrowLeft size={14} aria-hidden />{t('conversation.back')}</Group></Anchor>;
  if (!detail) {
    return (
      <Stack>
        {back}
        <PageTitle>{t('pages.conversation')}</PageTitle>
        <QueryState isLoading={conversation.isLoading} error={conversation.error} onRetry={() => void conversation.refetch()} label={t('conversation.loading')} />
      </Stack>
    );
  }
  const timeline = buildTimeline(detail.messages, detail.toolCalls);
  return (
    <Stack gap="md">
      {back}
      <PageTitle actions={<Group gap="xs"><ChannelBadge channel={detail.channel} />{detail.tags.includes('test') && detail.channel !== 'test' && <Badge variant="outline" tt="none">{t('channel.test')}</Badge>}
        <Badge variant="dot" color={live.connected ? 'green' : 'gray'} tt="none">{live.connected ? t('conversation.live') : t('conversation.polling')}</Badge></Group>}>
        {t('conversation.title', { name: customerName })}
      </PageTitle>
      <HandoverBanner detail={detail} />
      {mayConverse && <ActionBar detail={detail} actions={actions} />}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="sm">
            <ServiceWindowPanel detail={detail} canSendTemplate={session.operator.role === 'admin'} />
            <Paper withBorder radius="md" p="sm" component="section" aria-label={t('conversation.timeline')}>
              <Stack gap="sm" data-testid="timeline">
                {timeline.length === 0 && <Text c="dimmed" size="sm">{t('conversation.empty')}</Text>}
                {timeline.map((entry) =>
                  entry.kind === 'message' ? (
                    <MessageItem key={entry.message.id} message={entry.message} toolCalls={entry.toolCalls} customerName={customerName}
                      onRetryDelivery={mayConverse ? (messageId) => actions.retryDelivery.mutate(messageId) : undefined}
                      retryingDelivery={actions.retryDelivery.isPending} />
                  ) : (
                    <div key={entry.toolCall.id} style={{ maxWidth: 720, alignSelf: 'flex-end', width: '100%' }}><ToolCallItem call={entry.toolCall} /></div>
                  ),
                )}
              </Stack>
            </Paper>
            {actions.retryDelivery.error && <Text size="sm" c="var(--mantine-color-red-text)" role="alert">{actions.retryDelivery.error.message}</Text>}
            {mayConverse && <AgentComposer detail={detail} actions={actions} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="sm">
            <SummaryPanel detail={detail} assistantName={assistants.nameOf(detail.assistantId)} />
            <CustomerPanel detail={detail} />
            <VariablesPanel variables={detail.variables} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
