import { ActionIcon, Box, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconCopy, IconPlus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ScrollTable } from '../../common/ScrollTable';
import { copyMondayToWeekdays, nextRange, segments, WEEK, type Range, type WeekHours, type Weekday } from './week-hours';

interface Props {
  value: WeekHours;
  onChange: (week: WeekHours) => void;
  /** Problems the server named, by field ('workingHours.mon'). */
  errors: Record<string, string>;
  disabled: boolean;
}

const HOURS = [0, 6, 12, 18, 24];

/**
 * Working hours as a week: one row per weekday with its time ranges to type, and a bar over the day that draws them,
 * so gaps and overlaps show at a glance. Times are typed as HH:MM (24:00 ends the day).
 */
export function WeekGrid({ value, onChange, errors, disabled }: Props) {
  const { t } = useTranslation();
  const setDay = (day: Weekday, ranges: Range[]) => onChange({ ...value, [day]: ranges });
  const setTime = (day: Weekday, i: number, end: 0 | 1, v: string) =>
    setDay(day, value[day].map((r, j) => (j === i ? (end === 0 ? [v, r[1]] : [r[0], v]) : r)));
  return (
    <Stack gap="xs">
      <ScrollTable label={t('tools.calendars.week')} minWidth={760}>
        <Table fz="sm" verticalSpacing={6} aria-label={t('tools.calendars.week')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={110}>{t('tools.calendars.dayColumn')}</Table.Th>
              <Table.Th>{t('tools.calendars.hoursColumn')}</Table.Th>
              <Table.Th w={300}>
                <Group justify="space-between" gap={0} aria-hidden>{HOURS.map((h) => <Text key={h} size="xs" c="dimmed">{String(h).padStart(2, '0')}</Text>)}</Group>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {WEEK.map((day) => {
              const dayName = t(`tools.calendars.day.${day}`);
              const error = errors[`workingHours.${day}`];
              return (
                <Table.Tr key={day}>
                  <Table.Th scope="row" fw={600}>{dayName}</Table.Th>
                  <Table.Td>
                    <Stack gap={4}>
                      <Group gap="xs" wrap="wrap">
                        {value[day].length === 0 && <Text size="sm" c="dimmed">{t('tools.calendars.closed')}</Text>}
                        {value[day].map(([from, until], i) => (
                          <Group key={i} gap={4} wrap="nowrap">
                            <TextInput size="xs" w={70} value={from} disabled={disabled} placeholder="09:00" maxLength={5} inputMode="numeric" error={!!error}
                              aria-label={t('tools.calendars.from', { day: dayName, n: i + 1 })} onChange={(e) => setTime(day, i, 0, e.currentTarget.value)} />
                            <Text size="sm" aria-hidden>–</Text>
                            <TextInput size="xs" w={70} value={until} disabled={disabled} placeholder="17:00" maxLength={5} inputMode="numeric" error={!!error}
                              aria-label={t('tools.calendars.until', { day: dayName, n: i + 1 })} onChange={(e) => setTime(day, i, 1, e.currentTarget.value)} />
                            {!disabled && (
                              <ActionIcon size="sm" variant="subtle" color="gray" aria-label={t('tools.calendars.removeRange', { day: dayName, n: i + 1 })}
                                onClick={() => setDay(day, value[day].filter((_, j) => j !== i))}>
                                <IconX size={14} aria-hidden />
                              </ActionIcon>
                            )}
                          </Group>
                        ))}
                        {!disabled && (
                          <Button size="compact-xs" variant="subtle" leftSection={<IconPlus size={12} aria-hidden />} aria-label={t('tools.calendars.addRange', { day: dayName })}
                            onClick={() => setDay(day, [...value[day], nextRange(value[day])])}>
                            {t('tools.calendars.add')}
                          </Button>
                        )}
                      </Group>
                      {error && <Text size="xs" c="var(--mantine-color-red-text)" role="alert">{error}</Text>}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <DayBar ranges={value[day]} />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {!disabled && (
        <Group>
          <Button size="xs" variant="default" h="auto" py={6} styles={{ label: { whiteSpace: 'normal' } }} leftSection={<IconCopy size={14} aria-hidden />} onClick={() => onChange(copyMondayToWeekdays(value))}>{t('tools.calendars.copyMonday')}</Button>
        </Group>
      )}
    </Stack>
  );
}

/** The day from 00:00 to 24:00 with its open hours filled; decoration only, the times are in the inputs beside it. */
function DayBar({ ranges }: { ranges: Range[] }) {
  return (
    <Box aria-hidden pos="relative" h={18} style={{ borderRadius: 4, background: 'var(--mantine-color-default-hover)', overflow: 'hidden' }}>
      {[0.25, 0.5, 0.75].map((x) => <Box key={x} pos="absolute" top={0} bottom={0} left={`${x * 100}%`} w={1} bg="var(--mantine-color-default-border)" />)}
      {segments(ranges).map((s, i) => (
        <Box key={i} pos="absolute" top={2} bottom={2} left={`${s.start * 100}%`} w={`${(s.end - s.start) * 100}%`} bg="var(--mantine-primary-color-filled)" style={{ borderRadius: 3 }} />
      ))}
    </Box>
  );
}
