import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { FieldDto, FieldType } from './collect-data.config';
import { PATTERN_VALUE_MAX_LENGTH, patternProblem } from './pattern-safety/pattern-safety';

export type FieldOutcome = { ok: true; value: string | number } | { ok: false; rule: string };
export type FieldRules = Pick<FieldDto, 'options' | 'pattern' | 'defaultCountry' | 'min' | 'max'>;
export type FieldValidator = (raw: unknown, rules: FieldRules) => FieldOutcome;

export const TEXT_MAX_LENGTH = 1000;

const ok = (value: string | number): FieldOutcome => ({ ok: true, value });
const fail = (rule: string): FieldOutcome => ({ ok: false, rule });

// Dot-atom local part (no quoted strings) and LDH domain labels with an alphabetic or punycode TLD: strict enough
// to catch typos such as "anna@gmail" or "anna@@x.de" without rejecting real-world addresses.
const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const EMAIL_DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

export function validateEmail(raw: unknown): FieldOutcome {
  if (typeof raw !== 'string') return fail('not a valid email address');
  const text = raw.trim();
  const at = text.lastIndexOf('@');
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (at < 1 || text.length > 254 || local.length > 64) return fail('not a valid email address');
  if (!EMAIL_LOCAL.test(local) || !EMAIL_DOMAIN.test(domain)) return fail('not a valid email address');
  // Domains are case-insensitive; the local part may not be, so it is kept as given.
  return ok(`${local}@${domain.toLowerCase()}`);
}

export function validatePhone(raw: unknown, rules: FieldRules): FieldOutcome {
  const country = rules.defaultCountry as CountryCode | undefined;
  const rule = country
    ? `not a valid phone number for ${country} (or international with +country code)`
    : 'not a valid phone number; it needs the international form with +country code';
  if (typeof raw !== 'string' && typeof raw !== 'number') return fail(rule);
  const parsed = parsePhoneNumberFromString(String(raw).trim(), country);
  return parsed?.isValid() ? ok(parsed.number) : fail(rule);
}

const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Calendar arithmetic instead of Date, which silently rolls 2025-02-30 over to March 2. */
export function validateDate(raw: unknown): FieldOutcome {
  const match = typeof raw === 'string' ? DATE.exec(raw.trim()) : null;
  if (!match) return fail('not a date in the form YYYY-MM-DD');
  const [year, month, day] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return fail('not a real calendar date');
  return ok(`${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function validateNumber(raw: unknown, rules: FieldRules): FieldOutcome {
  // Number('') is 0 and Number('0x1f') is 31, so strings must look like a plain decimal first.
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && DECIMAL.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isFinite(value)) return fail('not a number');
  if (rules.min != null && value < rules.min) return fail(`must be at least ${rules.min}`);
  if (rules.max != null && value > rules.max) return fail(`must be at most ${rules.max}`);
  return ok(value);
}

export function validateEnum(raw: unknown, rules: FieldRules): FieldOutcome {
  const options = rules.options ?? [];
  const wanted = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim().toLowerCase() : null;
  const match = wanted === null ? undefined : options.find((option) => option.trim().toLowerCase() === wanted);
  return match === undefined ? fail(`must be one of: ${options.join(', ')}`) : ok(match);
}

export function validatePattern(raw: unknown, rules: FieldRules): FieldOutcome {
  const pattern = rules.pattern ?? '';
  const rule = `does not match the required format /${pattern}/`;
  // Configs saved before patterns were checked may hold a dangerous one: it is never run.
  const unsafe = checkedPattern(pattern);
  if (unsafe) return fail(`cannot be checked, because the configured format is refused: ${unsafe}`);
  if (typeof raw !== 'string' && typeof raw !== 'number') return fail(rule);
  const text = String(raw).trim();
  // Bounds the work even a safe pattern does on model-supplied input; see pattern-safety for the budget it assumes.
  if (text.length > PATTERN_VALUE_MAX_LENGTH) return fail(`must be at most ${PATTERN_VALUE_MAX_LENGTH} characters for the format /${pattern}/`);
  return new RegExp(`^(?:${pattern})$`).test(text) ? ok(text) : fail(rule);
}

const verdicts = new Map<string, string | null>();

/** patternProblem, remembered: the analysis costs about a millisecond and configs repeat. */
function checkedPattern(pattern: string): string | null {
  if (!verdicts.has(pattern)) {
    if (verdicts.size >= 500) verdicts.clear();
    verdicts.set(pattern, patternProblem(pattern));
  }
  return verdicts.get(pattern)!;
}

export function validateText(raw: unknown): FieldOutcome {
  if (typeof raw !== 'string') return fail('must be text');
  const text = raw.trim();
  if (!text) return fail('must not be empty');
  if (text.length > TEXT_MAX_LENGTH) return fail(`must be at most ${TEXT_MAX_LENGTH} characters`);
  return ok(text);
}

export const FIELD_VALIDATORS: Record<FieldType, FieldValidator> = {
  email: validateEmail,
  phone: validatePhone,
  date: validateDate,
  number: validateNumber,
  enum: validateEnum,
  pattern: validatePattern,
  text: validateText,
};
