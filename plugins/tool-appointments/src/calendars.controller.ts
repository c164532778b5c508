import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiExcludeEndpoint, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { timingSafeEqual } from 'node:crypto';
import type { Response } from 'express';
import { CurrentAuth, NotFound, ParseUuidParam, Public, ValidationFailed, type AuthContext } from '@confab/plugin-sdk';
import { AppointmentBook } from './appointment-book';
import { CreateCalendarDto, RescheduleDto, UpdateCalendarDto } from './calendar.dto';
import { BookingView, CalendarView, CalendarWithFeedView } from './calendar.views';
import { renderIcs } from './ical';

const sameToken = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

@ApiTags('Appointments')
@ApiBearerAuth()
@Controller()
export class CalendarsController {
  constructor(private readonly book: AppointmentBook) {}

  @Post('api/v1/calendars')
  @ApiCreatedResponse({ type: CalendarWithFeedView, description: 'The calendar with its secret icsUrl' })
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateCalendarDto): Promise<CalendarWithFeedView> {
    return this.book.createCalendar(auth.tenantId, dto);
  }

  @Get('api/v1/calendars')
  @ApiOkResponse({ type: CalendarView, isArray: true, description: 'icsUrl is included for admin-scope keys only' })
  async list(@CurrentAuth() auth: AuthContext): Promise<CalendarView[]> {
    const calendars = await this.book.calendars(auth.tenantId);
    // The feed URL is a credential (it opens customers' names and contacts without a key): admins only.
    return auth.scopes.includes('admin') ? calendars : calendars.map(({ icsUrl: _secret, ...calendar }) => calendar);
  }

  @Patch('api/v1/calendars/:id')
  @ApiOperation({ summary: "Change a calendar's name or rules", description: 'Only the fields sent change; working hours and blocked dates are replaced as a whole. Bookings already made stay. Admin scope.' })
  @ApiOkResponse({ type: CalendarWithFeedView, description: 'The calendar as it is now, with its icsUrl (unchanged)' })
  update(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string, @Body() dto: UpdateCalendarDto): Promise<CalendarWithFeedView> {
    return this.book.updateCalendar(auth.tenantId, id, dto);
  }

  @Post('api/v1/calendars/:id/rotate-feed-token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the iCalendar feed token', description: 'The old icsUrl answers 404 from now on; subscribe calendar apps to the new one. Admin scope.' })
  @ApiOkResponse({ type: CalendarWithFeedView, description: 'The calendar with its new icsUrl' })
  rotateFeedToken(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<CalendarWithFeedView> {
    return this.book.rotateFeedToken(auth.tenantId, id);
  }

  @Delete('api/v1/calendars/:id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a calendar and its bookings',
    description: 'Its feed URL answers 404 afterwards. Tools of assistants still configured with this calendarId fail until they are given another one. Admin scope.',
  })
  @ApiQuery({ name: 'force', required: false, type: Boolean, description: 'Also delete when bookings are still to come: they are cancelled (appointment.cancelled is sent for each) and deleted' })
  @ApiNoContentResponse({ description: 'Deleted, with all its bookings' })
  @ApiConflictResponse({ description: 'CALENDAR_HAS_BOOKINGS: bookings are still to come and force was not given' })
  async remove(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string, @Query('force') force?: string): Promise<void> {
    if (force !== undefined && force !== 'true' && force !== 'false') throw new ValidationFailed("force must be 'true' or 'false'", 'force');
    await this.book.deleteCalendar(auth.tenantId, id, force === 'true');
  }

  @Get('api/v1/calendars/:id/bookings')
  @ApiOkResponse({ type: BookingView, isArray: true, description: 'Cancelled bookings included, by start time' })
  bookings(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<BookingView[]> {
    return this.book.bookings(auth.tenantId, id);
  }

  @Post('api/v1/calendars/:id/bookings/:bookingId/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: BookingView, description: 'The booking, now cancelled (cancelling it again changes nothing)' })
  cancel(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string, @Param('bookingId', ParseUuidParam) bookingId: string): Promise<BookingView> {
    return this.book.cancel(auth.tenantId, id, bookingId);
  }

  @Post('api/v1/calendars/:id/bookings/:bookingId/reschedule')
  @HttpCode(200)
  @ApiOkResponse({ type: BookingView, description: 'The booking at the new time: a new booking (the old one is kept, cancelled), or the same one when the time is unchanged' })
  reschedule(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string, @Param('bookingId', ParseUuidParam) bookingId: string, @Body() dto: RescheduleDto): Promise<BookingView> {
    return this.book.reschedule(auth.tenantId, id, bookingId, new Date(dto.start));
  }

  /** The subscription URL carries its own secret, so calendar apps can fetch it without an API key. */
  @Public()
  @ApiOperation({ summary: 'iCalendar feed of a calendar (its icsUrl); the token in the path is the credential, no API key' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'The bookings as VEVENTs (RFC 5545)', schema: { type: 'string' } })
  @ApiNotFoundResponse({ description: 'No such calendar, or the token does not match' })
  @Get('calendars/:tenantId/:calendarId/:token.ics')
  @Header('content-type', 'text/calendar; charset=utf-8')
  async feed(@Param('tenantId', ParseUuidParam) tenantId: string, @Param('calendarId', ParseUuidParam) calendarId: string, @Param('token') token: string, @Res() res: Response) {
    const calendar = await this.book.calendar(tenantId, calendarId).catch(() => null);
    if (!calendar || !calendar.feedToken || !sameToken(calendar.feedToken, token)) throw new NotFound('calendar feed', calendarId);
    res.send(renderIcs(calendar, await this.book.bookings(tenantId, calendarId), 'confab'));
  }
}
