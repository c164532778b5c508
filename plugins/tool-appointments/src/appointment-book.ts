import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Conflict, NotFound, PlatformEvents, PluginStore, ValidationFailed } from '@confab/plugin-sdk';
import { freeSlots, isBookable, slotLabel, validateRules, type CalendarRules, type Slot } from './slots';
import type { CreateCalendarDto } from './calendar.dto';
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
/** One document per (calendar, slot start): its primary key is what makes two racing bookings end in one. */
const SLOT_LOCKS = 'appointment-slots';

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

  async calendar(tenantId: string, id: string): Promise<Calendar & { icsUrl: string; feedToken: string }> {
    const doc = await this.store.get<Calendar>(tenantId, CALENDARS, id);
    if (!doc) throw new NotFound('calendar', id);
    return { ...doc.data, feedToken: doc.secrets.feedToken, icsUrl: this.icsUrl(tenantId, id, doc.secrets.feedToken) };
  }

  async calendars(tenantId: string): Promise<Array<Calendar & { icsUrl: string }>> {
    return (await this.store.list<Calendar>(tenantId, CALENDARS)).map((d) => ({ ...d.data, icsUrl: this.icsUrl(tenantId, d.id, d.secrets.feedToken) }));
  }

  async bookings(tenantId: string, calendarId: string): Promise<Booking[]> {
    await this.calendar(tenantId, calendarId);
    return (await this.store.list<Booking>(tenantId, BOOKINGS)).map((d) => d.data).filter((b) => b.calendarId === calendarId).sort((a, b) => a.start.localeCompare(b.start));
  }

  async available(tenantId: string, calendarId: string, from: Date, to: Date): Promise<Slot[]> {
    const calendar = await this.calendar(tenantId, calendarId);
    return freeSlots(calendar, { from, to, now: new Date(), busy: await this.busy(tenantId, calendarId) });
  }

  /** Idempotent per conversation and slot; a slot another conversation holds is refused with a clear reason. */
  async book(tenantId: string, calendarId: string, input: { start: Date; customerName: string; contact: string; conversationId: string | null }): Promise<{ booking: Booking; alreadyBooked: boolean }> {
    const calendar = await this.calendar(tenantId, calendarId);
    const end = new Date(input.start.getTime() + calendar.slotMinutes * 60_000);
    const lockId = `${calendarId}|${input.start.toISOString()}`;
    const held = await this.store.get<{ bookingId: string; conversationId: string | null }>(tenantId, SLOT_LOCKS, lockId);
    if (held && held.data.conversationId === input.conversationId) {
      const existing = await this.store.get<Booking>(tenantId, BOOKINGS, held.data.bookingId);
      if (existing) return { booking: existing.data, alreadyBooked: true };
    }
    const reason = isBookable(calendar, { start: input.start, end }, { now: new Date(), busy: await this.busy(tenantId, calendarId) });
    if (reason) throw new Conflict('SLOT_NOT_BOOKABLE', `That time cannot be booked: ${reason}`, { reason });
    const booking: Booking = {
      id: randomUUID(), calendarId, start: input.start.toISOString(), end: end.toISOString(), label: slotLabel(input.start, end, calendar.timezone),
      customerName: input.customerName, contact: input.contact, conversationId: input.conversationId, status: 'booked', createdAt: new Date().toISOString(),
    };
    if (!(await this.store.insert(tenantId, SLOT_LOCKS, lockId, { bookingId: booking.id, conversationId: input.conversationId }))) {
      throw new Conflict('SLOT_TAKEN', 'That time was just booked by someone else; offer another slot');
    }
    await this.store.put(tenantId, BOOKINGS, booking.id, booking);
    await this.events.emit(tenantId, 'appointment.booked', { ...booking }, booking.conversationId);
    return { booking, alreadyBooked: false };
  }

  /** Moves a booking: the new slot is taken first, so a failed move leaves the old booking in place. */
  async reschedule(tenantId: string, calendarId: string, bookingId: string, start: Date): Promise<Booking> {
    const doc = await this.store.get<Booking>(tenantId, BOOKINGS, bookingId);
    if (!doc || doc.data.calendarId !== calendarId) throw new NotFound('booking', bookingId);
    if (doc.data.status !== 'booked') throw new Conflict('BOOKING_CANCELLED', 'A cancelled booking cannot be moved; book a new one');
    const { booking } = await this.book(tenantId, calendarId, { start, customerName: doc.data.customerName, contact: doc.data.contact, conversationId: doc.data.conversationId });
    await this.cancel(tenantId, calendarId, bookingId);
    return booking;
  }

  async cancel(tenantId: string, calendarId: string, bookingId: string): Promise<Booking> {
    const doc = await this.store.get<Booking>(tenantId, BOOKINGS, bookingId);
    if (!doc || doc.data.calendarId !== calendarId) throw new NotFound('booking', bookingId);
    if (doc.data.status === 'cancelled') return doc.data;
    const cancelled: Booking = { ...doc.data, status: 'cancelled' };
    await this.store.put(tenantId, BOOKINGS, bookingId, cancelled);
    await this.store.remove(tenantId, SLOT_LOCKS, `${calendarId}|${doc.data.start}`);
    await this.events.emit(tenantId, 'appointment.cancelled', { ...cancelled }, cancelled.conversationId);
    return cancelled;
  }

  private async busy(tenantId: string, calendarId: string) {
    return (await this.store.list<Booking>(tenantId, BOOKINGS))
      .map((d) => d.data)
      .filter((b) => b.calendarId === calendarId && b.status === 'booked')
      .map((b) => ({ start: new Date(b.start), end: new Date(b.end) }));
  }

  private icsUrl(tenantId: string, calendarId: string, token: string): string {
    return `${this.options.publicUrl.replace(/\/+$/, '')}/calendars/${tenantId}/${calendarId}/${token}.ics`;
  }
}
