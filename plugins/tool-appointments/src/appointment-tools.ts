import { Injectable } from '@nestjs/common';
import { IsUUID } from 'class-validator';
import { DomainError, NotFound, Tool, ValidationFailed, type ToolContext, type ToolPlugin, type ToolResult } from '@confab/plugin-sdk';
import { AppointmentBook } from './appointment-book';

export class AppointmentToolConfig {
  @IsUUID() calendarId!: string;
}

const DAY = 86_400_000;

/** The calendar must be the tenant's own: another tenant's id (or a deleted one) would fail every call later. */
async function requireCalendar(book: AppointmentBook, tenantId: string, config: AppointmentToolConfig): Promise<void> {
  const found = await book.calendar(tenantId, config.calendarId).then(
    () => true,
    (err) => {
      if (err instanceof NotFound) return false;
      throw err;
    },
  );
  if (!found) throw new ValidationFailed(`calendarId: no calendar ${config.calendarId} in this tenant`, 'calendarId');
}

/** Free slots in a range, labelled in the calendar's timezone so the model can read them to the customer. */
@Tool({ name: 'check_availability', risk: 'read', timeoutMs: 5_000, configSchema: AppointmentToolConfig })
@Injectable()
export class CheckAvailabilityTool implements ToolPlugin<{ from?: string; to?: string }, AppointmentToolConfig> {
  readonly description = 'List free appointment slots between two dates (ISO 8601). Offer the customer a few of them by their label.';
  readonly parameters = {
    type: 'object' as const,
    properties: { from: { type: 'string', description: 'Start of the range, ISO 8601; default now' }, to: { type: 'string', description: 'End of the range, ISO 8601; default 7 days later' } },
    additionalProperties: false,
  };

  constructor(private readonly book: AppointmentBook) {}

  checkConfig(tenantId: string, config: AppointmentToolConfig): Promise<void> {
    return requireCalendar(this.book, tenantId, config);
  }

  async execute(args: { from?: string; to?: string }, ctx: ToolContext<AppointmentToolConfig>): Promise<ToolResult> {
    const from = args.from ? new Date(args.from) : new Date();
    const to = args.to ? new Date(args.to) : new Date(from.getTime() + 7 * DAY);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from) {
      return { content: { error: 'from and to must be ISO 8601 dates with from before to' }, isError: true, validation: 'invalid' };
    }
    const slots = await this.book.available(ctx.tenantId, ctx.config.calendarId, from, new Date(Math.min(to.getTime(), from.getTime() + 31 * DAY)));
    return { content: { slots: slots.slice(0, 20).map((s) => ({ start: s.start.toISOString(), label: s.label })), more: slots.length > 20 }, validation: 'ok' };
  }
}

interface BookArgs {
  start: string;
  customerName: string;
  contact: string;
}

/** Books one slot for the customer; booking the same slot again in the same chat is a no-op. */
@Tool({ name: 'book_appointment', risk: 'write', timeoutMs: 5_000, configSchema: AppointmentToolConfig })
@Injectable()
export class BookAppointmentTool implements ToolPlugin<BookArgs, AppointmentToolConfig> {
  readonly description = 'Book the slot the customer chose (its start from check_availability) with their name and a phone number or email.';
  readonly parameters = {
    type: 'object' as const,
    properties: {
      start: { type: 'string', description: 'Slot start exactly as check_availability returned it' },
      customerName: { type: 'string', minLength: 1, maxLength: 200 },
      contact: { type: 'string', minLength: 3, maxLength: 200, description: 'Phone number or email' },
    },
    required: ['start', 'customerName', 'contact'],
    additionalProperties: false,
  };

  constructor(private readonly book: AppointmentBook) {}

  checkConfig(tenantId: string, config: AppointmentToolConfig): Promise<void> {
    return requireCalendar(this.book, tenantId, config);
  }

  async execute(args: BookArgs, ctx: ToolContext<AppointmentToolConfig>): Promise<ToolResult> {
    const start = new Date(args.start);
    if (Number.isNaN(start.getTime())) return { content: { error: 'start must be an ISO 8601 time from check_availability' }, isError: true, validation: 'invalid' };
    try {
      const { booking, alreadyBooked } = await this.book.book(ctx.tenantId, ctx.config.calendarId, {
        start, customerName: args.customerName, contact: args.contact, conversationId: ctx.conversation.id,
      });
      ctx.variables.set('appointment', { bookingId: booking.id, start: booking.start, label: booking.label });
      return { content: { booked: true, alreadyBooked, bookingId: booking.id, label: booking.label }, validation: 'ok' };
    } catch (err) {
      if (err instanceof DomainError) return { content: { booked: false, error: err.message }, isError: true, validation: 'ok' };
      throw err;
    }
  }
}
