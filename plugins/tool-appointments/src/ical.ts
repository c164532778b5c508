import type { Booking, Calendar } from './appointment-book';

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const escape = (text: string) => text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** RFC 5545 feed of a calendar's bookings, in UTC, so Google Calendar and Outlook can subscribe to it. */
export function renderIcs(calendar: Calendar, bookings: Booking[], host: string): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Confab//Appointments//EN', 'CALSCALE:GREGORIAN', `X-WR-CALNAME:${escape(calendar.name)}`, `X-WR-TIMEZONE:${calendar.timezone}`];
  for (const b of bookings) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${b.id}@${host}`,
      `DTSTAMP:${stamp(b.createdAt)}`,
      `DTSTART:${stamp(b.start)}`,
      `DTEND:${stamp(b.end)}`,
      `SUMMARY:${escape(`${calendar.name}: ${b.customerName}`)}`,
      `DESCRIPTION:${escape(`Contact: ${b.contact}`)}`,
      `STATUS:${b.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}
