import { Alert, Anchor, Button, Group, Paper, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../../components/QueryState';
import { useFormat } from '../../../format/use-format';
import { ScrollTable } from '../../common/ScrollTable';
import { useBookings, useCalendarActions, type Calendar } from '../tools-api';

/** Bookings still to come, as the customer was told them (in the calendar's time zone), with a cancel for admins. */
export function Bookings({ calendar, canEdit }: { calendar: Calendar; canEdit: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const bookings = useBookings(calendar.id);
  const { cancelBooking } = useCalendarActions();
  // A customer was promised this time: cancelling takes a second click that says what it does.
  const [confirming, setConfirming] = useState<string | null>(null);
  const now = Date.now();
  const upcoming = (bookings.data ?? []).filter((b) => b.status === 'booked' && Date.parse(b.end) > now);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="bookings-title">
      <Title order={2} size="h4" id="bookings-title" mb="xs">{t('tools.calendars.upcoming')}</Title>
      {!bookings.data ? (
        <QueryState isLoading={bookings.isLoading} error={bookings.error} onRetry={() => void bookings.refetch()} label={t('tools.calendars.loadingBookings')} />
      ) : upcoming.length === 0 ? (
        <Text size="sm" c="dimmed">{t('tools.calendars.noBookings')}</Text>
      ) : (
        <ScrollTable label={t('tools.calendars.upcoming')} minWidth={640}>
          <Table striped fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tools.calendars.when')}</Table.Th>
                <Table.Th>{t('tools.calendars.customer')}</Table.Th>
                <Table.Th>{t('tools.calendars.contact')}</Table.Th>
                <Table.Th>{t('tools.calendars.bookedAt')}</Table.Th>
                {canEdit && <Table.Th pos="relative"><VisuallyHidden>{t('tools.actions')}</VisuallyHidden></Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {upcoming.map((b) => (
                <Table.Tr key={b.id}>
                  <Table.Td>{b.label}</Table.Td>
                  <Table.Td>{b.conversationId ? <Anchor component={Link} to={`/chats/${b.conversationId}`} size="sm">{b.customerName}</Anchor> : b.customerName}</Table.Td>
                  <Table.Td>{b.contact}</Table.Td>
                  <Table.Td>{f.dateTime(b.createdAt)}</Table.Td>
                  {canEdit && (
                    <Table.Td>
                      {confirming === b.id ? (
                        <Group gap={4} wrap="nowrap">
                          <Button size="compact-xs" color="red" loading={cancelBooking.isPending}
                            onClick={() => cancelBooking.mutate({ id: calendar.id, bookingId: b.id }, { onSuccess: () => setConfirming(null) })}>
                            {t('tools.calendars.confirmCancel')}
                          </Button>
                          <Button size="compact-xs" variant="default" onClick={() => setConfirming(null)}>{t('tools.calendars.keep')}</Button>
                        </Group>
                      ) : (
                        <Button size="compact-xs" variant="subtle" color="red" aria-label={t('tools.calendars.cancelBooking', { name: b.customerName, when: b.label })} onClick={() => setConfirming(b.id)}>
                          {t('tools.calendars.cancel')}
                        </Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {cancelBooking.error && <Alert mt="xs" color="red" variant="light" role="alert">{cancelBooking.error.message}</Alert>}
    </Paper>
  );
}
