import { ActionIcon, Alert, Badge, Button, CopyButton, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconDeviceFloppy, IconPlus, IconRefresh, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors';
import { DayInput } from '../../../components/DayInput';
import { fieldErrorsFromBody } from '../../../components/schema-form';
import { useCalendarActions, type Calendar } from '../tools-api';
import { Bookings } from './Bookings';
import { timeZones } from './time-zones';
import { fromWeek, toWeek } from './week-hours';
import { WeekGrid } from './WeekGrid';
import { MONO_INPUT } from '../mono';

/** One calendar: its feed link to copy, its rules (week grid, blocked dates, slot settings) and upcoming bookings. */
export function CalendarDetail({ calendar, canEdit }: { calendar: Calendar; canEdit: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <FeedLink calendar={calendar} canEdit={canEdit} />
      <Rules calendar={calendar} canEdit={canEdit} />
      <Bookings calendar={calendar} canEdit={canEdit} />
      <Text size="xs" c="dimmed">{t('tools.calendars.toolHint', { id: calendar.id })}</Text>
    </Stack>
  );
}

function FeedLink({ calendar, canEdit }: { calendar: Calendar; canEdit: boolean }) {
  const { t } = useTranslation();
  const { rotate } = useCalendarActions();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="feed-title">
      <Title order={2} size="h4" id="feed-title" mb={4}>{t('tools.calendars.feed')}</Title>
      {calendar.icsUrl ? (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">{t('tools.calendars.feedHelp')}</Text>
          <Group gap="xs" wrap="wrap" align="flex-end">
            <TextInput label={t('tools.calendars.feedUrl')} value={calendar.icsUrl} readOnly onFocus={(e) => e.currentTarget.select()} style={{ flex: 1, minWidth: 260 }} styles={MONO_INPUT} />
            <CopyButton value={calendar.icsUrl} timeout={2500}>
              {({ copied, copy }) => (
                <Button variant={copied ? 'light' : 'filled'} color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />} onClick={copy}>
                  {copied ? t('tools.calendars.copied') : t('tools.calendars.copyLink')}
                </Button>
              )}
            </CopyButton>
            {canEdit && (
              <Tooltip label={t('tools.calendars.rotateHelp')} multiline w={260}>
                <Button variant="default" leftSection={<IconRefresh size={16} aria-hidden />} loading={rotate.isPending} onClick={() => rotate.mutate(calendar.id)}>{t('tools.calendars.rotate')}</Button>
              </Tooltip>
            )}
          </Group>
          {rotate.error && <Alert color="red" variant="light" role="alert">{rotate.error.message}</Alert>}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">{t('tools.calendars.feedAdminsOnly')}</Text>
      )}
    </Paper>
  );
}

/** A blocked date ('YYYY-MM-DD', a calendar day, not an instant) in the reader's format, never shifted by a time zone. */
function localDate(date: string, language: string): string {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  return new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(parsed);
}

function Rules({ calendar, canEdit }: { calendar: Calendar; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const { update } = useCalendarActions();
  const [week, setWeek] = useState(() => toWeek(calendar.workingHours));
  const [blocked, setBlocked] = useState<string[]>(calendar.blockedDates);
  const [newDate, setNewDate] = useState('');
  const [rules, setRules] = useState({ timezone: calendar.timezone, slotMinutes: calendar.slotMinutes, bufferMinutes: calendar.bufferMinutes, minLeadMinutes: calendar.minLeadMinutes, horizonDays: calendar.horizonDays });
  const [saved, setSaved] = useState(false);
  const errors = update.error instanceof ApiError ? fieldErrorsFromBody(update.error.body, '') : {};
  const num = (key: 'slotMinutes' | 'bufferMinutes' | 'minLeadMinutes' | 'horizonDays') => ({
    value: rules[key], error: errors[key], disabled: !canEdit,
    onChange: (v: number | string) => { setSaved(false); setRules((r) => ({ ...r, [key]: typeof v === 'number' ? v : Number(v) || 0 })); },
  });
  const addDate = () => {
    if (newDate && !blocked.includes(newDate)) setBlocked([...blocked, newDate].sort());
    setNewDate('');
    setSaved(false);
  };
  const save = () => update.mutate({ id: calendar.id, body: { ...rules, workingHours: fromWeek(week), blockedDates: blocked } }, { onSuccess: () => setSaved(true) });

  return (
    <Paper withBorder radius="md" p="md" component="form" aria-labelledby="rules-title" onSubmit={(e) => { e.preventDefault(); save(); }}>
      <Stack gap="sm">
        <Title order={2} size="h4" id="rules-title">{t('tools.calendars.rules', { name: calendar.name })}</Title>
        <Title order={3} size="h5">{t('tools.calendars.workingHours')}</Title>
        <WeekGrid value={week} onChange={(w) => { setWeek(w); setSaved(false); }} errors={errors} disabled={!canEdit} />

        <Title order={3} size="h5" mt="xs">{t('tools.calendars.blockedDates')}</Title>
        <Text size="xs" c="dimmed">{t('tools.calendars.blockedHelp')}</Text>
        <Group gap="xs" aria-label={t('tools.calendars.blockedDates')} role="list">
          {blocked.length === 0 && <Text size="sm" c="dimmed">{t('tools.calendars.noBlocked')}</Text>}
          {blocked.map((d) => (
            <Badge key={d} role="listitem" size="lg" variant="light" color="gray" tt="none" radius="sm"
              rightSection={canEdit && (
                <ActionIcon size="xs" variant="transparent" color="gray" aria-label={t('tools.calendars.unblock', { date: localDate(d, i18n.language) })} onClick={() => { setBlocked(blocked.filter((x) => x !== d)); setSaved(false); }}>
                  <IconX size={12} aria-hidden />
                </ActionIcon>
              )}>
              {localDate(d, i18n.language)}
            </Badge>
          ))}
        </Group>
        {errors.blockedDates && <Text size="xs" c="var(--mantine-color-red-text)">{errors.blockedDates}</Text>}
        {canEdit && (
          <Group gap="xs" align="flex-end">
            <DayInput label={t('tools.calendars.blockDate')} value={newDate} onChange={(day) => setNewDate(day ?? '')} w={180} />
            <Button variant="default" leftSection={<IconPlus size={14} aria-hidden />} disabled={!newDate} onClick={addDate}>{t('tools.calendars.block')}</Button>
          </Group>
        )}

        <Title order={3} size="h5" mt="xs">{t('tools.calendars.slots')}</Title>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }}>
          <Select label={t('tools.calendars.timezone')} data={timeZones()} searchable value={rules.timezone} allowDeselect={false} error={errors.timezone} disabled={!canEdit}
            onChange={(v) => { if (v) { setRules((r) => ({ ...r, timezone: v })); setSaved(false); } }} />
          <NumberInput label={t('tools.calendars.slotMinutes')} min={5} max={480} step={5} {...num('slotMinutes')} />
          <NumberInput label={t('tools.calendars.bufferMinutes')} min={0} max={480} step={5} {...num('bufferMinutes')} />
          <NumberInput label={t('tools.calendars.minLeadMinutes')} min={0} max={43_200} step={30} {...num('minLeadMinutes')} />
          <NumberInput label={t('tools.calendars.horizonDays')} min={1} max={730} {...num('horizonDays')} />
        </SimpleGrid>
        {update.error && <Alert color="red" variant="light" role="alert">{update.error.message}</Alert>}
        {saved && <Alert color="teal" variant="light" role="status">{t('tools.calendars.saved')}</Alert>}
        {canEdit && (
          <Group justify="flex-end">
            <Button type="submit" leftSection={<IconDeviceFloppy size={16} aria-hidden />} loading={update.isPending}>{t('tools.calendars.save')}</Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
