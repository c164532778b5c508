/**
 * Text PostgreSQL cannot hold: NUL is refused by text and jsonb columns, and a lone UTF-16 surrogate is either
 * refused (jsonb) or silently altered (text). Provider payloads may carry either, and a provider that gets a 5xx
 * redelivers for days, so inbound content is repaired rather than refused.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const REPLACEMENT_CHARACTER = '\ufffd';

/** The text with every NUL and lone surrogate replaced by U+FFFD (the Unicode "replacement character"). */
export function toStorableText(text: string): string {
  return text.replace(UNSTORABLE, REPLACEMENT_CHARACTER);
}

/**
 * A copy of `value` in which every string (object keys too) of plain objects and arrays is storable. Dates and
 * other class instances are kept as they are. Returns the dotted paths of the fields that had to be repaired
 * (e.g. `customer.displayName`, `attachments.0.caption`), so the caller can say what was changed.
 */
export function toStorableValue<T>(value: T, path = ''): { value: T; repaired: string[] } {
  const repaired: string[] = [];
  const visit = (v: unknown, at: string): unknown => {
    if (typeof v === 'string') {
      const fixed = toStorableText(v);
      if (fixed !== v) repaired.push(at || '(value)');
      return fixed;
    }
    if (Array.isArray(v)) return v.map((item, i) => visit(item, join(at, String(i))));
    if (isPlainObject(v)) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(v)) {
        const safeKey = toStorableText(key);
        if (safeKey !== key) repaired.push(join(at, `${safeKey}(key)`));
        out[safeKey] = visit(item, join(at, safeKey));
      }
      return out;
    }
    return v;
  };
  return { value: visit(value, path) as T, repaired };
}

function join(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
