import { Alert, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { useAssistants } from '../../common/use-assistants';
import { fieldError, formError } from '../form-errors';
import { ALERT_METRICS, toApiThreshold, type AlertMetric } from './threshold';

const CHANNELS = ['whatsapp', 'web_widget', 'api'];
const DEFAULT_SHOWN: Record<AlertMetric, number> = { response_time_p95: 5, error_rate: 5, failed_deliveries: 3, unanswered: 5, cost: 10 };

export function CreateAlertDialog({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: () => void }) {
  const { t } = useTranslation();
  const assistants = useAssistants();
  const [name, setName] = useState('');
  const [metric, setMetric] = useState<AlertMetric>('response_time_p95');
  const [threshold, setThreshold] = useState<number | string>(DEFAULT_SHOWN.response_time_p95);
  const [windowMinutes, setWindowMinutes] = useState<number | string>(15);
  const [assistantId, setAssistantId] = useState<string | null>(null);
  const [channel, setChannel] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => unwrap(t('settings.alerts.creating'), api.POST('/api/v1/alert-rules', {
      body: {
        name: name.trim(), metric, threshold: toApiThreshold(metric, Number(threshold)), windowMinutes: Number(windowMinutes), enabled: true,
        ...(assistantId ? { assistantId } : {}), ...(channel ? { channel } : {}),
      },
    })),
    onSuccess: () => {
      setName('');
      onCreated();
    },
  });
  const close = () => {
    create.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const general = formError(create.error, ['name', 'metric', 'threshold', 'windowMinutes', 'assistantId', 'channel']);
  return (
    <Modal opened={opened} onClose={close} closeButtonProps={{ 'aria-label': t('settings.close') }} title={t('settings.alerts.addTitle')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
          <TextInput label={t('settings.alerts.name')} placeholder={t('settings.alerts.namePlaceholder')} required value={name}
            onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, 'name')} data-autofocus />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label={t('settings.alerts.metric')} required allowDeselect={false} value={metric}
              data={ALERT_METRICS.map((m) => ({ value: m, label: t(`settings.alerts.metrics.${m}`) }))}
              onChange={(v) => { if (v) { setMetric(v as AlertMetric); setThreshold(DEFAULT_SHOWN[v as AlertMetric]); } }} />
            <NumberInput label={t('settings.alerts.threshold')} description={t(`settings.alerts.unit.${metric}`)} required min={0} decimalScale={metric === 'cost' ? 2 : 3}
              value={threshold} onChange={setThreshold} error={fieldError(create.error, 'threshold')} />
            <NumberInput label={t('settings.alerts.window')} description={t('settings.alerts.windowHint')} required min={1} max={1440} allowDecimal={false}
              value={windowMinutes} onChange={setWindowMinutes} error={fieldError(create.error, 'windowMinutes')} />
            <Select label={t('settings.alerts.assistant')} placeholder={t('settings.alerts.allAssistants')} clearable value={assistantId}
              data={assistants.assistants.map((a) => ({ value: a.id, label: a.name }))} onChange={setAssistantId} />
            <Select label={t('settings.alerts.channel')} placeholder={t('settings.alerts.allChannels')} clearable value={channel}
              data={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} onChange={setChannel} />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('settings.cancel')}</Button>
            <Button type="submit" loading={create.isPending}>{t('settings.alerts.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
