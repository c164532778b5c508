import type { CustomerIdentity, ProviderError } from '@confab/plugin-sdk';

/**
 * Tolerant readers for webhook JSON. Meta's payloads omit fields, add new ones and carry doc placeholders,
 * so every accessor answers `undefined` instead of throwing on the wrong shape.
 */
export type Json = Record<string, unknown>;

export function asRecord(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asRecords(value: unknown): Json[] {
  return asArray(value).map(asRecord).filter((v): v is Json => v !== undefined);
}

/** Ids arrive as strings, but some doc samples use numbers (template ids exceed 2^53, so never round-trip). */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Non-empty string or undefined: empty strings mean "absent" in these payloads (e.g. order.text ""). */
export function text(value: unknown): string | undefined {
  const s = str(value);
  return s !== undefined && s.length > 0 ? s : undefined;
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/**
 * Unix seconds as string or number (both occur, §13.9). Values that only make sense as milliseconds are
 * accepted too. Missing/garbage/unrepresentable timestamps yield `fallback`: the parser is pure, so it never reads the clock.
 */
export function parseTimestamp(value: unknown, fallback: Date): { at: Date; missing: boolean } {
  const n = num(value);
  if (n === undefined || n <= 0) return { at: new Date(fallback.getTime()), missing: true };
  const ms = n > 1e11 ? n : n * 1000;
  const at = new Date(Math.round(ms));
  // Beyond what a Date can hold (±8.64e15 ms) the value is garbage too, and an Invalid Date would fail the store.
  if (Number.isNaN(at.getTime())) return { at: new Date(fallback.getTime()), missing: true };
  return { at, missing: false };
}

/** Drops undefined values so results compare cleanly and serialise without noise. */
export function compact<T extends object>(obj: T): T {
  const rec = obj as Json;
  for (const key of Object.keys(rec)) if (rec[key] === undefined) delete rec[key];
  return obj;
}

/** Webhook error objects: current form {title, message, error_data.details}; legacy form {title, details}. */
export function toProviderError(raw: unknown): ProviderError | undefined {
  const e = asRecord(raw);
  if (!e) return undefined;
  const code = str(e['code']) ?? 'unknown';
  const details = text(asRecord(e['error_data'])?.['details']) ?? text(e['details']) ?? text(e['message']);
  const title = text(e['title']) ?? text(e['message']) ?? 'Unknown error';
  return compact({ code, title, details });
}

export function toProviderErrors(raw: unknown): ProviderError[] {
  return asArray(raw).map(toProviderError).filter((e): e is ProviderError => e !== undefined);
}

/** Phone-based id first, BSUID second: consumers that need "the number" take identities[0]. */
export function identities(waId: unknown, bsuid: unknown): CustomerIdentity[] {
  const out: CustomerIdentity[] = [];
  const w = text(waId);
  const b = text(bsuid);
  if (w) out.push({ kind: 'wa_id', value: w });
  if (b) out.push({ kind: 'bsuid', value: b });
  return out;
}
