import type { EntityClass, EntityMetadata, EntityProperty, Platform } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

type Convert = (value: unknown) => unknown;
const mappers = new WeakMap<EntityMetadata, (row: Record<string, unknown>) => object>();

/**
 * Rows (column names as PostgreSQL gives them: a `select *` row, or `to_jsonb` of one) as unmanaged instances of
 * their entity, for hot reads whose entities nobody changes or flushes (the reply turn reads a conversation and up
 * to 40 messages per reply). `em.map` gives the same values but also registers each entity in the identity map
 * with a snapshot for change tracking: measured at 0.2-0.3 ms a turn, 4-5% of a worker's CPU per message. Dates,
 * bigints and other custom types are converted as the entity's metadata says; the constructor is not run, so
 * property initialisers (a new id, `new Date()`) cannot fill a column the row lacks (it is undefined).
 */
export function mapRows<T extends object>(em: EntityManager, entity: EntityClass<T>, rows: Array<Record<string, unknown>>): T[] {
  const meta = em.getMetadata().get(entity);
  let map = mappers.get(meta);
  if (!map) {
    map = rowMapper(meta, em.getPlatform());
    mappers.set(meta, map);
  }
  return rows.map(map) as T[];
}

function rowMapper(meta: EntityMetadata, platform: Platform): (row: Record<string, unknown>) => object {
  const columns = meta.props
    .filter((p) => p.persist !== false && !p.formula && p.fieldNames?.length === 1)
    .map((p) => ({ name: p.name, field: p.fieldNames[0], convert: converter(p, platform) }));
  // One object literal per row, compiled once per entity: MikroORM puts a setter for every property on the entity's
  // prototype (the first assignment defines an accessor on the instance and creates its helper), which made plain
  // assignment as slow as em.map. The literal's own data properties shadow those setters.
  const fields = columns.map(({ name, field, convert }, i) => {
    const value = `r[${JSON.stringify(field)}]`;
    return `${JSON.stringify(name)}: ${convert ? `${value} == null ? ${value} : c[${i}](${value})` : value}`;
  });
  const literal = new Function('c', `return (r) => ({ ${fields.join(', ')} });`)(columns.map((c) => c.convert)) as (row: Record<string, unknown>) => object;
  const prototype = meta.class.prototype as object;
  return (row) => Object.setPrototypeOf(literal(row), prototype) as object;
}

function converter(prop: EntityProperty, platform: Platform): Convert | undefined {
  if (prop.runtimeType === 'Date') return (v) => (v instanceof Date ? v : new Date(v as string));
  const custom = prop.customType;
  return custom ? (v) => custom.convertToJSValue(v, platform) : undefined;
}
