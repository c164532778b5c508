const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A PostgreSQL array literal of UUIDs for `= any(?::uuid[])`. MikroORM expands a JS array parameter into a comma
 * list, so arrays travel as one literal; only UUIDs are accepted, so nothing can break out of it.
 */
export function uuidArray(ids: readonly string[]): string {
  for (const id of ids) if (!UUID.test(id)) throw new Error(`Not a UUID: ${JSON.stringify(id)}`);
  return `{${ids.join(',')}}`;
}
