import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Conflict, NotFound, PlatformEvents, PluginStore, ValidationFailed, type PluginStoreTransaction } from '@confab/plugin-sdk';
import { freeSlots, isBookable, slotLabel, validateRules, type CalendarRules, type Slot } from './slots';
import type { CreateCalendarDto, UpdateCalendarDto } from './calendar.dto';
import { APPOINTMENTS_OPTIONS, type AppointmentsOptions } from './appointments.options';

export interface Calendar extends CalendarRules {
  id: string;
  name: string;
}

export interface Booking {
  id: string;
  calendarId: string;
  start: string;
  end: string;
  label: string;
  customerName: string;
  contact: string;
  conversationId: string | null;
  status: 'booked' | 'cancelled';
  createdAt: string;
}

const CALENDARS = 'calendars';
const BOOKINGS = 'appointments';
/**
 * Booking, moving and cancelling take this per-calendar lock and write in one transaction, so "no two active
 * bookings within start - buffer .. end + buffer" holds across processes, and a crash leaves nothing half-written.
 * (Earlier versions also kept 'appointment-slots' lock documents; nothing reads them any more.)
 */
const calendarLock = (calendarId: string) => `appointments:${calendarId}`;

/** The field a rule problem names ("workingHours.mon[0] ...", "unknown timezone ..."), so a form can show it there. */
function ruleField(problem: string): string {
  if (problem.startsWith('unknown timezone')) return 'timezone';
  return /^(workingHours(?:\.\w+)?|slotMinutes|bufferMinutes|minLeadMinutes|horizonDays|blockedDates)/.exec(problem)?.[1] ?? 'workingHours';
}

@Injectable()
export class AppointmentBook {
  constructor(
    private readonly store: PluginStore,
    private readonly events: PlatformEvents,
    @Inject(APPOINTMENTS_OPTIONS) private readonly options: AppointmentsOptions,
  ) {}

  async createCalendar(tenantId: string, dto: CreateCalendarDto): Promise<Calendar & { icsUrl: string }> {
    const calendar: Calendar = {
      id: randomUUID(), name: dto.name, timezone: dto.timezone, slotMinutes: dto.slotMinutes, bufferMinutes: dto.bufferMinutes ?? 0,
      minLeadMinutes: dto.minLeadMinutes ?? 60, horizonDays: dto.horizonDays ?? 60, workingHours: dto.workingHours, blockedDates: dto.blockedDates ?? [],
    };
    const problems = validateRules(calendar);
    if (problems.length) throw new ValidationFailed(problems[0], 'workingHours', { problems });
    const feedToken = randomBytes(24).toString('base64url');
    await this.store.put(tenantId, CALENDARS, calendar.id, calendar, { feedToken });
    return { ...calendar, icsUrl: this.icsUrl(tenantId, calendar.id, feedToken) };
  }

  /**
   * Changes a calendar's name or rules (the feed token stays). Existing bookings are kept as they are even when the
   * new hours no longer cover them: they were promised to customers, so only a cancellation may drop one.
   */
  async updateCalendar(tenantId: string, calendarId: string, dto: UpdateCalendarDto): Promise<Calendar & { icsUrl: string }> {
    const { calendar, feedToken } = await this.store.transaction(
      tenantId,
      async (tx) => {
        const doc = await tx.get<Calendar>(CALENDARS, calendarId);
        if (!doc) throw new NotFound('calendar', calendarId);
        const patch = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
        const next: Calendar = { ...doc.data, ...patch, id: calendarId };
        const problems = validateRules(next);
        if (problems.length) throw new ValidationFailed(problems[0], ruleField(problems[0]), { problems });
        await tx.put(CALENDARS, calendarId, next, doc.secrets);
        return { calendar: next, feedToken: doc.secrets.feedToken };
      },
      { lock: calendarLock(calendarId) },
    );
    return { ...calendar, icsUrl: this.icsUrl(tenantId, calendarId, feedToken) };
  }

  async calendar(tenantId: string, id: string): Promise<Calendar & { icsUrl: string; feedToken: string }> {
    const doc = await this.store.get<Calendar>(tenantId, CALENDARS, id);
    if (!doc) throw new NotFound('calendar', id);
    return { ...doc.data, feedToken: doc.secrets.feedToken, icsUrl: this.icsUrl(tenantId, id, doc.secrets.feedToken) };
  }

  async calendars(tenantId: string): Promise<Array<Calendar & { icsUrl: string }>> {
    return (await this.store.list<Calendar>(tenantId, CALENDARS)).map((d) => ({ ...d.data, icsUrl: this.icsUrl(tenantId, d.id, d.secrets.feedToken) }));
  }

  /**
   * A new feed token: the old subscription URL answers 404 from now on. Under the calendar's lock, so a concurrent
   * rotation or deletion cannot interleave.
   */
  async rotateFeedToken(tenantId: string, calendarId: string): Promise<Calendar & { icsUrl: string }> {
    const feedToken = randomBytes(24).toString('base64url');
    const calendar = await this.store.transaction(
      tenantId,
      async (tx) => {
        const doc = await tx.get<Calendar>(CALENDARS, calendarId);
        if (!doc) throw new NotFound('calendar', calendarId);
        await tx.put(CALENDARS, calendarId, doc.data, { ...doc.secrets, feedToken });
        return doc.data;
      },
      { lock: calendarLock(calendarId) },
    );
    return { ...calendar, icsUrl: this.icsUrl(tenantId, calendarId, feedToken) };
  }

  /**
   * Deletes the calendar with all its bookings (its feed URL then answers 404). A calendar with bookings still to
   * come is refused (409 CALENDAR_HAS_BOOKINGS) unless `force`: then those bookings are cancelled, announced as
   * `appointment.cancelled` like any cancellation, and deleted with the rest. Past and cancelled bookings go quietly.
   */
  async deleteCalendar(tenantId: string, calendarId: string, force: boolean): Promise<{ deletedBookings: number; cancelledBookings: number }> {
    const now = Date.now();
    const result = await this.store.transaction(
      tenantId,
      async (tx) => {
        if (!(await tx.get(CALENDARS, calendarId))) throw new NotFound('calendar', calendarId);
        const all = (await tx.list<Booking>(BOOKINGS)).map((d) => d.data).filter((b) => b.calendarId === calendarId);
        const upcoming = all.filter((b) => b.status === 'booked' && Date.parse(b.end) > now);
        if (upcoming.length && !force) {
          throw new Conflict('CALENDAR_HAS_BOOKINGS', `The calendar has ${upcoming.length} booking(s) still to come; cancel them first, or delete with ?force=true to cancel them with the calendar`, {
            upcomingBookings: upcoming.length,
          });
        }
        for (const b of all) await tx.remove(BOOKINGS, b.id);
        await tx.remove(CALENDARS, calendarId);
        return { deleted: all.length, cancelled: upcoming.map((b): Booking => ({ ...b, status: 'cancelled' })) };
      },
      { lock: calendarLock(calendarId) },
    );
    for (const b of result.cancelled) await this.events.emit(tenantId, 'appointment.cancelled', { ...b }, b.conversationId);
    return { deletedBookings: result.deleted, cancelledBookings: result.cancelled.length };
  }

  async bookings(tenantId: string, calendarId: string): Promise<Booking[]> {
    await this.calendar(tenantId, calendarId);
    return (await this.store.list<Booking>(tenantId, BOOKINGS)).map((d) => d.data).filter((b) => b.calendarId === calendarId).sort((a, b) => a.start.localeCompare(b.start));
  }

  async available(tenantId: string, calendarId: string, from: Date, to: Date): Promise<Slot[]> {
    const calendar = await this.calendar(tenantId, calendarId);
    return freeSlots(calendar, { from, to, now: new Date(), busy: await this.busy(tenantId, calendarId) });
  }

  /** Idempotent per conversation and slot; a time another booking blocks (buffer included) is refused with the reason. */
  async book(tenantId: string, calendarId: string, input: { start: Date; customerName: string; contact: string; conversationId: string | null }): Promise<{ booking: Booking; alreadyBooked: boolean }> {
    const calendar = await this.calendar(tenantId, calendarId);
    const result = await this.store.transaction(
      tenantId,
      async (tx) => {
        const bookings = await activeBookings(tx, calendarId);
        const same = bookings.find((b) => input.conversationId !== null && b.conversationId === input.conversationId && Date.parse(b.start) === input.start.getTime());
        if (same) return { booking: same, alreadyBooked: true };
        const booking = newBooking(calendar, input.start, input);
        refuseUnlessBookable(calendar, booking, bookings);
        await tx.put(BOOKINGS, booking.id, booking);
        return { booking, alreadyBooked: false };
      },
      { lock: calendarLock(calendarId) },
    );
    if (!result.alreadyBooked) await this.events.emit(tenantId, 'appointment.booked', { ...result.booking }, result.booking.conversationId);
    return result;
  }

  /**
   * Moves a booking: a new booking at `start` replaces it (the old one is kept, cancelled) in one transaction, so a
   * refused move leaves it as it was. Its own time is a no-op; another booking's time is refused, never merged into.
   */
  async reschedule(tenantId: string, calendarId: string, bookingId: string, start: Date): Promise<Booking> {
    const calendar = await this.calendar(tenantId, calendarId);
    const result = await this.store.transaction(
      tenantId,
      async (tx) => {
        const current = await bookingIn(tx, calendarId, bookingId);
        if (current.status !== 'booked') throw new Conflict('BOOKING_CANCELLED', 'A cancelled booking cannot be moved; book a new one');
        if (Date.parse(current.start) === start.getTime()) return { booking: current, cancelled: null };
        const others = (await activeBookings(tx, calendarId)).filter((b) => b.id !== bookingId);
        const taken = others.find((b) => Date.parse(b.start) === start.getTime());
        if (taken) throw new Conflict('SLOT_TAKEN', 'That time already has a booking; a booking cannot be moved onto another one', { bookingId: taken.id });
        const booking = newBooking(calendar, start, current);
        refuseUnlessBookable(calendar, booking, others);
        const cancelled: Booking = { ...current, status: 'cancelled' };
        await tx.put(BOOKINGS, booking.id, booking);
        await tx.put(BOOKINGS, bookingId, cancelled);
        return { booking, cancelled };
      },
      { lock: calendarLock(calendarId) },
    );
    if (result.cancelled) {
      await this.events.emit(tenantId, 'appointment.booked', { ...result.booking }, result.booking.conversationId);
      await this.events.emit(tenantId, 'appointment.cancelled', { ...result.cancelled }, result.cancelled.conversationId);
    }
    return result.booking;
  }

  async cancel(tenantId: string, calendarId: string, bookingId: string): Promise<Booking> {
    const result = await this.store.transaction(
      tenantId,
      async (tx) => {
        const current = await bookingIn(tx, calendarId, bookingId);
        if (current.status === 'cancelled') return { booking: current, changed: false };
        const cancelled: Booking = { ...current, status: 'cancelled' };
        await tx.put(BOOKINGS, bookingId, cancelled);
        return { booking: cancelled, changed: true };
      },
      { lock: calendarLock(calendarId) },
    );
    if (result.changed) await this.events.emit(tenantId, 'appointment.cancelled', { ...result.booking }, result.booking.conversationId);
    return result.booking;
  }

  private async busy(tenantId: string, calendarId: string) {
    return (await this.store.list<Booking>(tenantId, BOOKINGS)).map((d) => d.data).filter((b) => b.calendarId === calendarId && b.status === 'booked').map(interval);
  }

  private icsUrl(tenantId: string, calendarId: string, token: string): string {
    return `${this.options.publicUrl.replace(/\/+$/, '')}/calendars/${tenantId}/${calendarId}/${token}.ics`;
  }
}

const interval = (b: Booking) => ({ start: new Date(b.start), end: new Date(b.end) });

async function activeBookings(tx: PluginStoreTransaction, calendarId: string): Promise<Booking[]> {
  return (await tx.list<Booking>(BOOKINGS)).map((d) => d.data).filter((b) => b.calendarId === calendarId && b.status === 'booked');
}

async function bookingIn(tx: PluginStoreTransaction, calendarId: string, bookingId: string): Promise<Booking> {
  const doc = await tx.get<Booking>(BOOKINGS, bookingId);
  if (!doc || doc.data.calendarId !== calendarId) throw new NotFound('booking', bookingId);
  return doc.data;
}

function newBooking(calendar: Calendar, start: Date, who: Pick<Booking, 'customerName' | 'contact' | 'conversationId'>): Booking {
  const end = new Date(start.getTime() + calendar.slotMinutes * 60_000);
  return {
    id: randomUUID(), calendarId: calendar.id, start: start.toISOString(), end: end.toISOString(), label: slotLabel(start, end, calendar.timezone),
    customerName: who.customerName, contact: who.contact, conversationId: who.conversationId, status: 'booked', createdAt: new Date().toISOString(),
  };
}

function refuseUnlessBookable(calendar: Calendar, booking: Booking, others: Booking[]): void {
  const reason = isBookable(calendar, interval(booking), { now: new Date(), busy: others.map(interval) });
  if (reason) throw new Conflict('SLOT_NOT_BOOKABLE', `That time cannot be booked: ${reason}`, { reason });
}
