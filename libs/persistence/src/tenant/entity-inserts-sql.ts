import type { EntityManager } from '@mikro-orm/postgresql';

/** One part of a statement made of data-modifying CTEs, with MikroORM's `?` placeholders. */
export interface SqlPart {
  sql: string;
  params: unknown[];
}

/**
 * New entities as one `insert` per table, for hot paths that write a whole change as a single statement (a flush
 * sends one statement per table and hydrates what it writes back). Columns come from the entities' metadata, values
 * travel as one JSON array per table that `jsonb_populate_recordset` turns into the table's row type, so the number
 * of rows never changes the statement's text. Scalar, JSON, date and number columns only (the entities of the reply
 * path); a column no row sets is left to its default. `where` gates every insert on a condition of the statement.
 */
export function entityInsertsSql(em: EntityManager, entities: object[], where?: string): SqlPart[] {
  const byType = new Map<new () => object, object[]>();
  for (const entity of entities) {
    const type = entity.constructor as new () => object;
    const list = byType.get(type);
    if (list) list.push(entity);
    else byType.set(type, [entity]);
  }
  return [...byType].map(([type, rows]) => {
    const meta = em.getMetadata().get(type as new () => object);
    const props = meta.props.filter((p) => p.persist !== false && !p.formula && p.fieldNames?.length === 1 && rows.some((r) => (r as Record<string, unknown>)[p.name] !== undefined));
    const columns = props.map((p) => `"${p.fieldNames[0]}"`).join(', ');
    // Dates become ISO text by JSON's own rules; undefined keys are left out, which the record type reads as null.
    const json = rows.map((row) => Object.fromEntries(props.map((p) => [p.fieldNames[0], (row as Record<string, unknown>)[p.name] ?? null])));
    return {
      sql: `insert into "${meta.tableName}" (${columns}) select ${columns} from jsonb_populate_recordset(null::"${meta.tableName}", ?::jsonb)${where ? ` where ${where}` : ''}`,
      params: [JSON.stringify(json)],
    };
  });
}

/**
 * Parts run as one statement (`with w0 as (...), w1 as (...) <final>`); PostgreSQL checks foreign keys at its end.
 * With `firstAs`, the first part is a materialized CTE of that name (a guard the other parts refer to).
 */
export function asOneStatement(parts: SqlPart[], final: string, finalParams: unknown[] = [], firstAs?: string): SqlPart {
  const ctes = parts.map((p, i) => (i === 0 && firstAs ? `${firstAs} as materialized (${p.sql})` : `w${i} as (${p.sql})`)).join(',\n');
  return { sql: `${ctes ? `with ${ctes}\n` : ''}${final}`, params: [...parts.flatMap((p) => p.params), ...finalParams] };
}
