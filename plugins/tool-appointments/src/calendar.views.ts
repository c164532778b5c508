import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WEEKDAYS } from './slots';

/** Local ['HH:MM', 'HH:MM'] ranges per weekday, as the API takes and gives them. */
export const WORKING_HOURS_SCHEMA = {
  type: 'object' as const,
  properties: Object.fromEntries(WEEKDAYS.map((day) => [day, { type: 'array' as const, items: { type: 'array' as const, items: { type: 'string' as const, pattern: '^\\d{2}:\\d{2}$' }, minItems: 2, maxItems: 2 } }])),
};

/** A calendar's booking rules. All wall times and dates are local to `timezone`. */
class CalendarRulesView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Consultations' }) name!: string;
  @ApiProperty({ example: 'Europe/Berlin', description: 'IANA time zone of the working hours and blocked dates' }) timezone!: string;
  @ApiProperty({ type: 'integer', example: 30, description: 'Length of one appointment, in minutes' }) slotMinutes!: number;
  @ApiProperty({ type: 'integer', example: 0, description: 'Free minutes required before and after every booking' }) bufferMinutes!: number;
  @ApiProperty({ type: 'integer', example: 60, description: 'A slot must start at least this many minutes from now' }) minLeadMinutes!: number;
  @ApiProperty({ type: 'integer', example: 60, description: 'Slots can be booked up to this many days ahead' }) horizonDays!: number;
  @ApiProperty({
    ...WORKING_HOURS_SCHEMA,
    example: { mon: [['09:00', '12:00'], ['13:00', '17:00']], tue: [['09:00', '17:00']] },
    description: "Local ['HH:MM', 'HH:MM'] ranges per weekday (sun..sat), end exclusive; a day that is absent has no slots",
  })
  workingHours!: Record<string, Array<[string, string]>>;
  @ApiProperty({ type: String, isArray: true, example: ['2026-12-24'], description: "Local dates ('YYYY-MM-DD') without any slot" }) blockedDates!: string[];
}

const ICS_URL_EXAMPLE = 'https://confab.example.com/calendars/<tenantId>/<calendarId>/<token>.ics';
const ICS_URL_TEXT = 'iCalendar subscription URL of the bookings. It carries its own access token (no API key needed), so share it only with calendar apps you trust';

/** A calendar as listed: the feed URL is a credential, so it is there for admin-scope keys only. */
export class CalendarView extends CalendarRulesView {
  @ApiPropertyOptional({ example: ICS_URL_EXAMPLE, description: `${ICS_URL_TEXT}. Returned to admin-scope keys only (absent for read-scope keys)` }) icsUrl?: string;
}

/** A calendar as its creator sees it, and after POST /api/v1/calendars/{id}/rotate-feed-token: with the feed URL. */
export class CalendarWithFeedView extends CalendarRulesView {
  @ApiProperty({ example: ICS_URL_EXAMPLE, description: `${ICS_URL_TEXT}. POST /api/v1/calendars/{id}/rotate-feed-token replaces it` }) icsUrl!: string;
}

export class BookingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) calendarId!: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-03-02T09:00:00.000Z', description: 'Start of the appointment (UTC)' }) start!: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-03-02T09:30:00.000Z', description: 'End of the appointment (UTC): start + the slot length' }) end!: string;
  @ApiProperty({ example: 'Mon 2 Mar 2026, 10:00–10:30 (Europe/Berlin)', description: "The slot as the customer was told it, in the calendar's time zone" }) label!: string;
  @ApiProperty({ example: 'Ana Silva' }) customerName!: string;
  @ApiProperty({ example: '+4915123456789', description: 'How to reach the customer, as given when booking' }) contact!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The conversation the booking was made in; null when made outside one' })
  conversationId!: string | null;
  @ApiProperty({ enum: ['booked', 'cancelled'], description: 'A rescheduled booking is kept as cancelled; its replacement is a new booking' }) status!: 'booked' | 'cancelled';
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}
