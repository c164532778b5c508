import { Alert, Button, Checkbox, Group, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import { fieldError, formError } from '../form-errors';

type Created = components['schemas']['CreatedWebhookView'];
type EventType = components['schemas']['CreateWebhookDto']['events'][number];
export const WEBHOOK_EVENTS: EventType[] = [
  'handoff.requested', 'callback.requested', 'follow_up.due', 'appointment.booked', 'appointment.cancelled', 'conversation.ended',
  'message.failed', 'budget.warning', 'budget.exhausted', 'alert.firing', 'alert.resolved',
];

/** The URL, what it is for, and the events to send there; the server checks the URL may be reached from here. */
export function CreateWebhookDialog({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (w: Created) => void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [eventsError, setEventsError] = useState<string | undefined>();
  const create = useMutation({
    mutationFn: () => unwrap(t('settings.webhooks.creating'), api.POST('/api/v1/webhooks', {
      body: { url: url.trim(), events: events as EventType[], ...(description.trim() ? { description: description.trim() } : {}) },
    })),
    onSuccess: (created) => {
      setUrl('');
      setDescription('');
      setEvents([]);
      onCreated(created);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (events.length === 0) return setEventsError(t('settings.webhooks.pickEvent'));
    setEventsError(undefined);
    create.mutate();
  };
  const close = () => {
    create.reset();
    onClose();
  };
  const general = formError(create.error, ['url', 'events', 'description']);
  return (
    <Modal opened={opened} onClose={close} closeButtonProps={{ 'aria-label': t('settings.close') }} title={t('settings.webhooks.addTitle')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
          <TextInput label={t('settings.webhooks.url')} description={t('settings.webhooks.urlHint')} placeholder="https://crm.example.com/confab-events" required type="url"
            value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={fieldError(create.error, 'url')} data-autofocus />
          <TextInput label={t('settings.webhooks.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={fieldError(create.error, 'description')} />
          <Checkbox.Group label={t('settings.webhooks.events')} description={t('settings.webhooks.eventsHint')} required value={events} onChange={(v) => { setEvents(v); setEventsError(undefined); }}
            error={eventsError ?? fieldError(create.error, 'events')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
              {WEBHOOK_EVENTS.map((ev) => (
                <Checkbox key={ev} value={ev} label={ev} description={t(`settings.webhooks.eventHint.${ev.replace('.', '_')}`)} styles={{ label: { fontFamily: 'var(--mantine-font-family-monospace)' } }} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('settings.cancel')}</Button>
            <Button type="submit" loading={create.isPending}>{t('settings.webhooks.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
