import { formatError, locate } from './qdrant-errors';

// The forms Rust's uuid crate parses: hyphenated, simple, braced and urn.
const HYPHENATED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SIMPLE = /^[0-9a-f]{32}$/i;

function canonicalUuid(text: string): string | undefined {
  let s = text;
  if (/^urn:uuid:/i.test(s)) s = s.slice(9);
  else if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
  if (HYPHENATED.test(s)) return s.toLowerCase();
  if (SIMPLE.test(s)) {
    const h = s.toLowerCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  return undefined;
}

function render(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
}

/**
 * An unsigned integer or a UUID, normalised the way Qdrant echoes ids back. Anything else is the 400 Qdrant's
 * custom ExtendedPointId deserializer produces.
 */
export function parsePointId(value: unknown, raw: string): number | string {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const uuid = canonicalUuid(value);
    if (uuid) return uuid;
  }
  const shown = render(value);
  throw formatError(
    `value ${shown} is not a valid point ID, valid values are either an unsigned integer or a UUID`,
    locate(raw, shown),
  );
}

/** Map key that keeps 42 and "42" apart (the latter is not even a valid id, but keys must never collide). */
export function pointKey(id: number | string): string {
  return typeof id === 'number' ? `#${id}` : id;
}

/** Qdrant's ExtendedPointId order: every numeric id before every UUID, UUIDs by their 128-bit value. */
export function compareIds(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
