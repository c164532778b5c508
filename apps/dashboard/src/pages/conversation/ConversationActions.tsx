import { Alert, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { IconHandStop, IconRobot, IconRefresh, IconLock, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { str } from '../common/values';
import { useConversationActions } from './conversation-api';
import type { ConversationDetail } from './timeline';

type Actions = ReturnType<typeof useConversationActions>;

/** Why a human owns the conversation now, who took it and when; the summary the AI left for them. */
export function HandoverBanner({ detail }: { detail: ConversationDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (detail.owner !== 'human') return null;
  const reason = str(detail.handoffReason);
  const summary = str(detail.handoffSummary);
  const by = detail.handedOverBy?.name;
  return (
    <Alert color="teal" variant="light" icon={<IconHandStop aria-hidden />} title={t('conversation.handover.title')} data-testid="handover-banner">
      <Stack gap={4}>
        <Text size="sm">
          {by ? t('conversation.handover.by', { name: by }) : t('conversation.handover.byNobody')}
          {str(detail.handedOverAt) ? ` · ${f.dateTime(str(detail.handedOverAt))}` : ''}
        </Text>
        {reason && <Text size="sm"><b>{t('conversation.handover.reason')}:</b> {reason}</Text>}
        {summary && <Text size="sm"><b>{t('conversation.handover.summary')}:</b> {summary}</Text>}
      </Stack>
    </Alert>
  );
}

/** The buttons for what an agent or admin may do with the conversation now; a viewer never gets here. */
export function ActionBar({ detail, actions }: { detail: ConversationDetail; actions: Actions }) {
  const { t } = useTranslation();
  const failedReplies = detail.messages.some((m) => m.author === 'customer' && m.replyState === 'failed');
  const pending = [actions.takeOver, actions.handBack, actions.close, actions.retryReply];
  const error = pending.find((m) => m.error)?.error;
  const busy = pending.some((m) => m.isPending);
  const open = detail.status === 'open';
  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="wrap" role="toolbar" aria-label={t('conversation.actions.title')}>
        {open && detail.owner === 'ai' && (
          <Button size="xs" leftSection={<IconHandStop size={16} aria-hidden />} onClick={() => actions.takeOver.mutate()} disabled={busy}>{t('conversation.actions.takeOver')}</Button>
        )}
        {open && detail.owner === 'human' && (
          <Button size="xs" variant="light" leftSection={<IconRobot size={16} aria-hidden />} onClick={() => actions.handBack.mutate()} disabled={busy}>{t('conversation.actions.handBack')}</Button>
        )}
        {failedReplies && (
          <Button size="xs" variant="light" color="orange" leftSection={<IconRefresh size={16} aria-hidden />} onClick={() => actions.retryReply.mutate()} disabled={busy}>{t('conversation.actions.retryReply')}</Button>
        )}
        {open && (
          <Button size="xs" variant="default" leftSection={<IconLock size={16} aria-hidden />} onClick={() => actions.close.mutate()} disabled={busy}>{t('conversation.actions.close')}</Button>
        )}
      </Group>
      {actions.retryReply.data && <Text size="sm" role="status">{t('conversation.actions.retried', { count: actions.retryReply.data.retried })}</Text>}
      {error && <Text size="sm" c="var(--mantine-color-red-text)" role="alert">{error.message}</Text>}
    </Stack>
  );
}

/** Reply as the signed-in operator; the server names them on the message and pauses the AI. */
export function AgentComposer({ detail, actions }: { detail: ConversationDetail; actions: Actions }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  if (detail.status !== 'open') return <Text size="sm" c="dimmed">{t('conversation.reply.closed')}</Text>;
  // A closed WhatsApp window takes no free-form message; the window panel offers a template instead.
  if (detail.serviceWindow.state === 'closed') return null;
  const send = () => {
    const value = text.trim();
    if (!value) return;
    actions.reply.mutate(value, { onSuccess: () => setText('') });
  };
  return (
    <Paper withBorder radius="md" p="sm">
    <Stack gap="xs" component="form" onSubmit={(e) => { e.preventDefault(); send(); }}>
      <Textarea
        label={t('conversation.reply.label')}
        description={detail.owner === 'ai' ? t('conversation.reply.takesOver') : undefined}
        placeholder={t('conversation.reply.placeholder')}
        autosize minRows={2} maxRows={8}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => { if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) send(); }}
      />
      {actions.reply.error && <Text size="sm" c="var(--mantine-color-red-text)" role="alert">{actions.reply.error.message}</Text>}
      <Group justify="flex-end">
        <Button type="submit" size="xs" leftSection={<IconSend size={16} aria-hidden />} loading={actions.reply.isPending} disabled={!text.trim()}>{t('conversation.reply.send')}</Button>
      </Group>
    </Stack>
    </Paper>
  );
}
