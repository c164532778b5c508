import { formatError, QdrantHttpError, validationError } from './qdrant-errors';

export type JsonObject = Record<string, any>;

/** A parsed request body as the handlers see it; `raw` lets errors point at line and column like serde does. */
export interface RequestBody {
  json: unknown;
  raw: string;
}

/** Offset of the first `char` outside a JSON string, for V8 messages that name the token but not its position. */
function offsetOutsideStrings(raw: string, char: string): number | undefined {
  let inString = false;
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i];
    if (inString && c === '\\') i += 1;
    else if (c === '"') inString = !inString;
    else if (!inString && c === char) return i;
  }
  return undefined;
}

/** V8's JSON.parse message turned into serde_json's words and " at line L column C". */
function serdeSyntaxError(raw: string): QdrantHttpError {
  let message = '';
  try {
    JSON.parse(raw);
  } catch (err: unknown) {
    message = err instanceof Error ? err.message : String(err);
  }
  const token = /^Unexpected token '(.)'/.exec(message)?.[1];
  const offset = Number(/at position (\d+)/.exec(message)?.[1] ?? (token ? offsetOutsideStrings(raw, token) : NaN));
  const detail = /end of JSON input/.test(message)
    ? 'EOF while parsing a value'
    : /after JSON/.test(message)
      ? 'trailing characters'
      : /Expected ',' or '}'/.test(message)
        ? 'expected `,` or `}` after object value'
        : 'expected value';
  if (Number.isNaN(offset)) return formatError(detail);
  const before = raw.slice(0, offset + 1);
  return formatError(detail, ` at line ${before.split('\n').length} column ${before.length - before.lastIndexOf('\n') - 1}`);
}

export function parseBody(raw: string): RequestBody {
  if (raw.trim() === '') return { json: undefined, raw };
  try {
    return { json: JSON.parse(raw), raw };
  } catch {
    return { json: new MalformedJson(raw), raw };
  }
}

/** Marker for a body that was sent but is not JSON; only handlers that read a body reject it. */
export class MalformedJson {
  constructor(readonly raw: string) {}
}

/** Actix's Json extractor: a body is required, must parse and must be an object. */
export function objectBody(body: RequestBody): JsonObject {
  const { json, raw } = body;
  if (json === undefined) throw formatError('EOF while parsing a value at line 1 column 0');
  if (json instanceof MalformedJson) throw serdeSyntaxError(raw);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw formatError(`invalid type: ${Array.isArray(json) ? 'sequence' : typeof json}, expected a map at line 1 column 1`);
  }
  return json as JsonObject;
}

/** A `usize` field with a `validate(range(min = ..))`, failing with serde's 400 or validator's 422 as Qdrant does. */
export function usize(value: unknown, path: string, min: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number') {
    throw formatError(`invalid type: ${typeof value === 'string' ? `string ${JSON.stringify(value)}` : typeof value}, expected usize`);
  }
  if (!Number.isInteger(value)) throw formatError(`invalid type: floating point \`${value}\`, expected usize`);
  if (value < 0) throw formatError(`invalid value: integer \`${value}\`, expected usize`);
  if (value < min) throw validationError(`${path}: value ${value} invalid, must be ${min} or larger`);
  return value;
}

/** Query parameter `wait` (a bool). */
export function waitParam(query: Record<string, string>): boolean {
  const wait = query.wait;
  if (wait === undefined) return false;
  if (wait === 'true' || wait === 'false') return wait === 'true';
  throw new QdrantHttpError(400, `Query deserialize error: failed to parse "wait": provided string was not \`true\` or \`false\``);
}
