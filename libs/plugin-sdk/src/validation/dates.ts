import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

/**
 * The dates the API accepts: ISO 8601, a day that exists (no 2026-02-30), years 1970 to 9999. JavaScript's Date
 * rolls impossible days over into the next month and reaches far beyond what PostgreSQL stores, so both are
 * checked on the text before any Date is made.
 */
export const DATE_YEARS = { min: 1970, max: 9999 } as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The instant an ISO 8601 text names, or null when it is malformed, impossible or out of range. */
export function parseIsoDate(text: string, options: { dateOnly?: boolean } = {}): Date | null {
  const m = ISO_DATE.exec(text);
  if (!m || (options.dateOnly && m[4] !== undefined)) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < DATE_YEARS.min || year > DATE_YEARS.max || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : new Date(at);
}

export interface IsIsoDateOptions {
  /** Keep the text instead of turning it into a Date (the handler wants the text, e.g. a calendar day). */
  keepText?: boolean;
  /** A day without a time (2026-12-24). */
  dateOnly?: boolean;
  /** Every item of an array. */
  each?: boolean;
}

/** A date field (body or query) as the API accepts it; a Date after transformation unless `keepText`. */
export function IsIsoDate(options: IsIsoDateOptions = {}): PropertyDecorator {
  const example = options.dateOnly ? '2026-03-01' : '2026-03-01 or 2026-03-01T09:30:00Z';
  const one = (v: unknown) => (options.keepText ? typeof v === 'string' && parseIsoDate(v, options) !== null : v instanceof Date);
  const convert = (v: unknown) => (typeof v === 'string' && !options.keepText ? (parseIsoDate(v, options) ?? v) : v);
  return applyDecorators(
    Transform(({ value }) => (options.each && Array.isArray(value) ? value.map(convert) : convert(value))),
    ValidateBy(
      {
        name: 'isIsoDate',
        validator: {
          validate: one,
          defaultMessage: (args) => `${args?.property} must be a real ISO 8601 date from ${DATE_YEARS.min} to ${DATE_YEARS.max} (${example})`,
        },
      },
      { each: options.each },
    ),
  );
}

/** The end of a range must not come before its start (both optional: checked only when both are there). */
export function IsNotBefore(start: string): PropertyDecorator {
  return ValidateBy({
    name: 'isNotBefore',
    validator: {
      validate: (value, args) => {
        const from = (args?.object as Record<string, unknown>)[start];
        return !(value instanceof Date && from instanceof Date) || value.getTime() >= from.getTime();
      },
      defaultMessage: (args) => `${args?.property} must not be before ${start}`,
    },
  });
}
