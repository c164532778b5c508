import { Button, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useSession } from '../../../auth/session-context';
import { QueryState } from '../../../components/QueryState';
import { useCalendars } from '../tools-api';
import { CalendarCreate } from './CalendarCreate';
import { CalendarDetail } from './CalendarDetail';

/** The calendars the appointment tools book into: rules, feed link and upcoming bookings of one at a time. */
export function CalendarsTab() {
  const { t } = useTranslation();
  const session = useSession();
  const canEdit = can(session.operator.role, 'configure');
  const calendars = useCalendars();
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  if (!calendars.data) return <QueryState isLoading={calendars.isLoading} error={calendars.error} onRetry={() => void calendars.refetch()} label={t('tools.calendars.loading')} />;
  const current = calendars.data.find((c) => c.id === selected) ?? calendars.data[0];
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed" maw={720}>{t('tools.calendars.intro')}</Text>
        {canEdit && !creating && <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>{t('tools.calendars.new')}</Button>}
      </Group>
      {creating && <CalendarCreate onDone={(id) => { setCreating(false); if (id) setSelected(id); }} />}
      {calendars.data.length === 0 && !creating && (
        <Paper withBorder radius="md" p="lg"><Text>{t('tools.calendars.empty')}</Text>{!canEdit && <Text size="sm" c="dimmed">{t('tools.readOnly')}</Text>}</Paper>
      )}
      {calendars.data.length > 1 && (
        <SegmentedControl aria-label={t('tools.calendars.choose')} value={current?.id} onChange={setSelected} data={calendars.data.map((c) => ({ value: c.id, label: c.name }))} style={{ alignSelf: 'flex-start' }} />
      )}
      {current && <CalendarDetail key={current.id} calendar={current} canEdit={canEdit} />}
    </Stack>
  );
}
