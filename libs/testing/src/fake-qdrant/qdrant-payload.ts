import { formatError } from './qdrant-errors';

type Json = Record<string, unknown>;

function step(values: unknown[], segment: string): unknown[] {
  const match = /^(.*?)(\[(\d*)\])?$/.exec(segment);
  const key = match?.[1] ?? segment;
  const bracket = match?.[2];
  const index = match?.[3];
  const out: unknown[] = [];
  for (const value of values) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const child = key === '' ? value : (value as Json)[key];
    if (child === undefined) continue;
    if (bracket === undefined) out.push(child);
    else if (!Array.isArray(child)) continue;
    else if (index === '') out.push(...child);
    else if (child[Number(index)] !== undefined) out.push(child[Number(index)]);
  }
  return out;
}

/**
 * The raw values at a payload key like `a.b`, `a[].b` or `a[0]` (JsonPath as Qdrant reads it). Values are not
 * flattened, so callers can tell `[]` and `null` apart; matching conditions flatten one array level themselves.
 */
export function rawValues(payload: Json, key: string): unknown[] {
  return key.split('.').reduce<unknown[]>((values, segment) => step(values, segment), [payload]);
}

/** What a match/range condition sees: arrays are opened, so `tags: ["a","b"]` matches `a` and `b`. */
export function flatValues(payload: Json, key: string): unknown[] {
  return rawValues(payload, key).flatMap((v) => (Array.isArray(v) ? v : [v]));
}

/** `with_payload`: true, false, a list of keys to include, or `{include}` / `{exclude}`. */
export function selectPayload(payload: Json, selector: unknown, defaultOn: boolean): Json | undefined {
  const pick = (keys: string[]): Json =>
    Object.fromEntries(Object.entries(payload).filter(([k]) => keys.some((key) => key === k || key.startsWith(`${k}.`))));
  if (selector === undefined || selector === null) return defaultOn ? payload : undefined;
  if (selector === true) return payload;
  if (selector === false) return undefined;
  if (Array.isArray(selector) && selector.every((k) => typeof k === 'string')) return pick(selector);
  if (typeof selector === 'object') {
    const { include, exclude } = selector as { include?: unknown; exclude?: unknown };
    if (Array.isArray(include)) return pick(include as string[]);
    if (Array.isArray(exclude)) {
      return Object.fromEntries(Object.entries(payload).filter(([k]) => !(exclude as string[]).includes(k)));
    }
  }
  throw formatError('data did not match any variant of untagged enum WithPayloadInterface');
}
