import { VectorStoreError } from './vector-store-error';

// Strict on purpose: anything that reaches a LanceDB filter string is either one of these or refused.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A quoted SQL string literal; a quote inside is doubled, which is the only escape DataFusion's SQL knows. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function assertUuid(value: string, what: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    const shown = JSON.stringify(String(value)).slice(0, 80);
    throw new VectorStoreError(`${what} must be a UUID, got ${shown}`, false);
  }
  return value;
}

/** A UUID as a literal for a LanceDB `where`/`delete` predicate: validated first, quoted second. */
export function uuidLiteral(value: string, what: string): string {
  return sqlString(assertUuid(value, what));
}

/** `column = 'uuid'`. */
export function equalsUuid(column: string, value: string, what: string): string {
  return `${column} = ${uuidLiteral(value, what)}`;
}

/** `column IN ('uuid', ...)`; callers handle the empty list, which SQL cannot express. */
export function inUuids(column: string, values: string[], what: string): string {
  return `${column} IN (${values.map((v) => uuidLiteral(v, what)).join(', ')})`;
}
