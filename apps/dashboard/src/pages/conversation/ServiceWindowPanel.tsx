import { Alert, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconClockHour4 } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/QueryState';
import { str } from '../common/values';
import { useConversationActions, useTemplates } from './conversation-api';
import { templatePlaceholders, windowRemaining, type ConversationDetail } from './timeline';

/**
 * WhatsApp lets a business write freely only within 24 hours of the customer's last message. While open, the time
 * left counts down; once closed, only an approved template can restart the conversation.
 */
export function ServiceWindowPanel({ detail, canSendTemplate }: { detail: ConversationDetail; canSendTemplate: boolean }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  const expiresAt = str(detail.serviceWindow.expiresAt);
  useEffect(() => {
    if (detail.serviceWindow.state !== 'open') return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [detail.serviceWindow.state]);
  if (detail.serviceWindow.state === 'none') return null;
  const left = detail.serviceWindow.state === 'open' ? windowRemaining(expiresAt, now) : null;
  if (left) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return (
      <Alert variant="light" color={left.totalMs < 3_600_000 ? 'orange' : 'green'} icon={<IconClockHour4 aria-hidden />} title={t('conversation.window.open')}>
        <Text size="sm" data-testid="window-countdown">{t('conversation.window.left', { time: `${left.hours}:${pad(left.minutes)}:${pad(left.seconds)}` })}</Text>
      </Alert>
    );
  }
  return (
    <Alert variant="light" color="orange" icon={<IconClockHour4 aria-hidden />} title={t('conversation.window.closed')}>
      <Stack gap="xs">
        <Text size="sm">{t('conversation.window.closedHint')}</Text>
        {canSendTemplate && <TemplateForm detail={detail} />}
      </Stack>
    </Alert>
  );
}

function TemplateForm({ detail }: { detail: ConversationDetail }) {
  const { t } = useTranslation();
  const templates = useTemplates(detail.connectionId, true);
  const { sendTemplate } = useConversationActions(detail.id);
  const approved = useMemo(() => (templates.data?.templates ?? []).filter((tpl) => tpl.status === 'APPROVED'), [templates.data]);
  const [choice, setChoice] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const template = approved.find((tpl) => `${tpl.name}|${tpl.language}` === choice);
  const placeholders = template ? templatePlaceholders(template.components) : [];
  if (!templates.data) return <QueryState isLoading={templates.isLoading} error={templates.error} onRetry={() => void templates.refetch()} />;
  if (!approved.length) return <Text size="sm" c="dimmed">{t('conversation.template.none')}</Text>;
  const numbered = placeholders.every((p) => /^\d+$/.test(p));
  const submit = () => {
    if (!template) return;
    const parameters = numbered ? placeholders.map((p) => values[p] ?? '') : Object.fromEntries(placeholders.map((p) => [p, values[p] ?? '']));
    sendTemplate.mutate({ channelId: detail.connectionId, to: str(detail.customer.identifier) ?? '', name: template.name, language: template.language, parameters });
  };
  return (
    <Stack gap="xs">
      <Select label={t('conversation.template.choose')} data={approved.map((tpl) => ({ value: `${tpl.name}|${tpl.language}`, label: `${tpl.name} (${tpl.language})` }))} value={choice} onChange={setChoice} />
      {placeholders.map((p) => (
        <TextInput key={p} label={t('conversation.template.parameter', { name: p })} value={values[p] ?? ''} onChange={(e) => setValues({ ...values, [p]: e.currentTarget.value })} />
      ))}
      {sendTemplate.error && <Text size="sm" c="var(--mantine-color-red-text)" role="alert">{sendTemplate.error.message}</Text>}
      {sendTemplate.isSuccess && <Text size="sm" c="var(--mantine-color-teal-text)" role="status">{t('conversation.template.sent')}</Text>}
      <Group><Button size="xs" onClick={submit} disabled={!template || placeholders.some((p) => !values[p]?.trim())} loading={sendTemplate.isPending}>{t('conversation.template.send')}</Button></Group>
    </Stack>
  );
}
