import { Alert, Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors';
import { useSession } from '../../../auth/session-context';
import { fieldErrorsFromBody } from '../../../components/schema-form';
import { useCalendarActions } from '../tools-api';
import { timeZones } from './time-zones';

/** A new calendar, open Monday to Friday 9–17 until the week grid says otherwise. */
export function CalendarCreate({ onDone }: { onDone: (id: string | null) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const { create } = useCalendarActions();
  const [name, setName] = useState('');
  const [timezone, setTimezone] = useState(session.tenant.timezone || 'UTC');
  const [slotMinutes, setSlotMinutes] = useState<number | string>(30);
  const errors = create.error instanceof ApiError ? fieldErrorsFromBody(create.error.body, '') : {};
  const office: Array<[string, string]> = [['09:00', '17:00']];
  const submit = () => create.mutate(
    // The API's defaults, sent explicitly since its types list them as always present.
    { name: name.trim(), timezone, slotMinutes: Number(slotMinutes), bufferMinutes: 0, minLeadMinutes: 60, horizonDays: 60, workingHours: { mon: office, tue: office, wed: office, thu: office, fri: office } },
    { onSuccess: (c) => onDone(c.id) },
  );
  return (
    <Paper withBorder radius="md" p="md" component="form" aria-labelledby="calendar-create-title" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <Stack gap="sm">
        <Title order={2} size="h4" id="calendar-create-title">{t('tools.calendars.newTitle')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('tools.calendars.name')} required value={name} error={errors.name} onChange={(e) => setName(e.currentTarget.value)} />
          <Select label={t('tools.calendars.timezone')} data={timeZones()} searchable value={timezone} allowDeselect={false} error={errors.timezone} onChange={(v) => v && setTimezone(v)} />
          <NumberInput label={t('tools.calendars.slotMinutes')} min={5} max={480} step={5} value={slotMinutes} error={errors.slotMinutes} onChange={setSlotMinutes} />
        </SimpleGrid>
        {create.error && <Alert color="red" variant="light" role="alert">{create.error.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onDone(null)}>{t('tools.cancel')}</Button>
          <Button type="submit" loading={create.isPending}>{t('tools.calendars.create')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}
