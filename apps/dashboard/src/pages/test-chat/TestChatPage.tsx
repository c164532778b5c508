import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconFlask, IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { can, useSession } from '../../auth/session-context';
import { PageTitle } from '../../components/PageTitle';
import { QueryState } from '../../components/QueryState';
import { useFormat } from '../../format/use-format';
import { useAssistants } from '../common/use-assistants';
import { useLiveEvents } from '../common/use-live';
import { conversationKey, useConversation } from '../conversation/conversation-api';
import { MessageItem } from '../conversation/MessageItem';
import { buildTimeline } from '../conversation/timeline';
import { ToolCallItem } from '../conversation/ToolCallItem';
import { initialStream, streamReducer, visibleDraft } from './stream-state';

/** `/test-chat`: talk to an assistant as a customer would, watching the reply stream in with its tool calls and cost. */
export function TestChatPage() {
  const { t } = useTranslation();
  const session = useSession();
  const assistants = useAssistants();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const chatId = params.get('chat');
  const [assistantId, setAssistantId] = useState<string | null>(params.get('assistantId'));
  const [name, setName] = useState('');
  const allowed = can(session.operator.role, 'converse');

  const start = useMutation({
    mutationFn: (id: string) => unwrap(t('testChat.startFailed'), api.POST('/api/v1/assistants/{id}/test-chats', { params: { path: { id } }, body: { name: name.trim() || t('testChat.defaultName') } })),
    onSuccess: (chat) => {
      setParams({ chat: chat.id, assistantId: chat.assistantId });
      void queryClient.invalidateQueries({ queryKey: ['conversations'] });
    },
  });
  const effectiveAssistant = assistantId ?? assistants.assistants[0]?.id ?? null;

  return (
    <Stack gap="md">
      <PageTitle>{t('testChat.title')}</PageTitle>
      {!allowed ? (
        <Alert color="gray" variant="light">{t('testChat.notAllowed')}</Alert>
      ) : (
        <Paper withBorder radius="md" p="sm" component="section" aria-label={t('testChat.setup')}>
          {!assistants.data ? (
            <QueryState isLoading={assistants.isLoading} error={assistants.error} onRetry={() => void assistants.refetch()} />
          ) : assistants.assistants.length === 0 ? (
            <Text size="sm" c="dimmed">{t('testChat.noAssistants')}</Text>
          ) : (
            <Group align="flex-end" gap="sm" wrap="wrap" component="form" onSubmit={(e) => { e.preventDefault(); if (effectiveAssistant) start.mutate(effectiveAssistant); }}>
              <Select label={t('testChat.assistant')} data={assistants.assistants.map((a) => ({ value: a.id, label: a.name }))} value={effectiveAssistant} onChange={setAssistantId} allowDeselect={false} w={240} />
              <TextInput label={t('testChat.name')} placeholder={t('testChat.defaultName')} value={name} onChange={(e) => setName(e.currentTarget.value)} w={240} />
              <Button type="submit" leftSection={<IconFlask size={16} aria-hidden />} loading={start.isPending} disabled={!effectiveAssistant}>{chatId ? t('testChat.startNew') : t('testChat.start')}</Button>
            </Group>
          )}
          {start.error && <Text size="sm" c="var(--mantine-color-red-text)" role="alert" mt="xs">{start.error.message}</Text>}
        </Paper>
      )}
      {chatId && <ChatWindow key={chatId} chatId={chatId} canWrite={allowed} />}
    </Stack>
  );
}

export function ChatWindow({ chatId, canWrite }: { chatId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const assistants = useAssistants();
  const queryClient = useQueryClient();
  const [stream, dispatch] = useReducer(streamReducer, initialStream);
  const [text, setText] = useState('');
  const live = useLiveEvents(`/api/v1/conversations/${encodeURIComponent(chatId)}/live`, (event) => {
    dispatch(event);
    if (event.type === 'message.created' || event.type === 'conversation.updated' || event.type === 'message.status') {
      void queryClient.invalidateQueries({ queryKey: conversationKey(chatId) });
    }
  });
  const conversation = useConversation(chatId, live.connected ? false : 2000);
  const send = useMutation({
    mutationFn: (value: string) => unwrap(t('testChat.sendFailed'), api.POST('/api/v1/conversations/{id}/messages', { params: { path: { id: chatId } }, body: { text: value, timeoutMs: 30_000 } })),
    onSuccess: () => {
      setText('');
      void queryClient.invalidateQueries({ queryKey: conversationKey(chatId) });
    },
  });
  const end = useRef<HTMLDivElement>(null);
  const detail = conversation.data;
  const shown = new Set(detail?.messages.map((m) => m.id) ?? []);
  const draft = visibleDraft(stream, shown);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [detail?.messages.length, draft]);

  if (!detail) return <QueryState isLoading={conversation.isLoading} error={conversation.error} onRetry={() => void conversation.refetch()} label={t('conversation.loading')} />;
  const timeline = buildTimeline(detail.messages, detail.toolCalls);
  const waiting = send.isPending || stream.typing || detail.messages.some((m) => m.author === 'customer' && m.replyState === 'pending');
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-label={t('testChat.chat')}>
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Group gap="xs">
          <Badge color="orange" variant="light" tt="none">{t('channel.test')}</Badge>
          <Text size="sm" fw={600}>{assistants.nameOf(detail.assistantId)}</Text>
          <Badge variant="dot" color={live.connected ? 'green' : 'gray'} tt="none">{live.connected ? t('conversation.live') : t('conversation.polling')}</Badge>
        </Group>
        <Group gap="sm">
          <Text size="sm" data-testid="test-chat-cost">{t('testChat.totalCost', { cost: f.money(detail.totalCost.micros, detail.totalCost.currency) })}</Text>
          <Anchor component={Link} to={`/chats/${chatId}`} size="sm">{t('testChat.openInChats')}</Anchor>
        </Group>
      </Group>
      <Stack gap="sm" mih={200} aria-live="polite" aria-relevant="additions" data-testid="test-chat-messages">
        {timeline.length === 0 && !draft && <Text size="sm" c="dimmed">{t('testChat.empty')}</Text>}
        {timeline.map((entry) => entry.kind === 'message'
          ? <MessageItem key={entry.message.id} message={entry.message} toolCalls={entry.toolCalls} customerName={t('testChat.you')} />
          : <ToolCallItem key={entry.toolCall.id} call={entry.toolCall} />)}
        {draft !== null && (
          <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-blue-light)" maw="min(720px, 92%)" ml="auto" data-testid="streaming-reply">
            <Text size="sm" fw={700} mb={4}>{t('conversation.author.assistant')}</Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{draft}</Text>
          </Paper>
        )}
        {waiting && draft === null && (
          <Group gap="xs" role="status"><Loader size="xs" aria-hidden /><Text size="sm" c="dimmed">{t('testChat.typing')}</Text></Group>
        )}
        <div ref={end} />
      </Stack>
      {canWrite && (
        <Group mt="sm" align="flex-end" component="form" onSubmit={(e) => { e.preventDefault(); if (text.trim()) send.mutate(text.trim()); }} wrap="nowrap">
          <TextInput label={t('testChat.message')} placeholder={t('testChat.placeholder')} value={text} onChange={(e) => setText(e.currentTarget.value)} style={{ flex: 1 }} data-autofocus />
          <Button type="submit" leftSection={<IconSend size={16} aria-hidden />} loading={send.isPending} disabled={!text.trim()}>{t('testChat.send')}</Button>
        </Group>
      )}
      {send.error && <Text size="sm" c="var(--mantine-color-red-text)" role="alert" mt="xs">{send.error.message}</Text>}
    </Paper>
  );
}
