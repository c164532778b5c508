import { formatError } from './qdrant-errors';
import { pointKey, parsePointId } from './qdrant-ids';
import { compileFieldCondition } from './qdrant-field-condition';
import { flatValues, rawValues } from './qdrant-payload';
import type { FakePoint } from './fake-qdrant.types';

export type PointPredicate = (point: Pick<FakePoint, 'id' | 'payload' | 'vectors'>) => boolean;

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const FILTER_KEYS = ['must', 'should', 'must_not', 'min_should'];
const noCondition = () => formatError('data did not match any variant of untagged enum Condition');

/** must/should/must_not take one condition or a list (Qdrant's OneOrMany). */
function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function compileCondition(condition: unknown, raw: string, path: string): PointPredicate {
  if (!isObject(condition)) throw noCondition();
  if ('key' in condition) return compileFieldCondition(condition, path);
  if ('is_empty' in condition) {
    const key = String(condition.is_empty?.key);
    // Missing, null and [] are empty; [null] is not (it holds one value).
    return (p) => {
      const values = rawValues(p.payload, key);
      return values.length === 0 || values.every((v) => v === null || (Array.isArray(v) && v.length === 0));
    };
  }
  if ('is_null' in condition) {
    const key = String(condition.is_null?.key);
    return (p) => rawValues(p.payload, key).some((v) => v === null);
  }
  if ('has_id' in condition) {
    if (!Array.isArray(condition.has_id)) throw noCondition();
    const ids = new Set(condition.has_id.map((id: unknown) => pointKey(parsePointId(id, raw))));
    return (p) => ids.has(pointKey(p.id));
  }
  if ('has_vector' in condition) {
    const name = String(condition.has_vector);
    return (p) => name in p.vectors;
  }
  if ('nested' in condition) {
    const { key, filter } = condition.nested ?? {};
    const inner = compileFilter(filter, raw, `${path}.nested.filter`);
    return (p) =>
      flatValues(p.payload, String(key)).some((item) => isObject(item) && inner({ id: p.id, payload: item, vectors: {} }));
  }
  if (FILTER_KEYS.some((k) => k in condition)) return compileFilter(condition, raw, path);
  throw noCondition();
}

function compileMinShould(value: unknown, raw: string, path: string): PointPredicate {
  if (!isObject(value) || !Array.isArray(value.conditions) || typeof value.min_count !== 'number') throw noCondition();
  const conditions = value.conditions.map((c: unknown, i: number) => compileCondition(c, raw, `${path}.conditions[${i}]`));
  const min = value.min_count;
  return (p) => conditions.filter((c: PointPredicate) => c(p)).length >= min;
}

/**
 * Turns a Qdrant filter into a predicate, validating it first so a bad filter fails the request even on an empty
 * collection. Semantics follow lib/segment's query_checker: an empty `should` list matches nothing.
 */
export function compileFilter(filter: unknown, raw: string, path = 'filter'): PointPredicate {
  if (filter === undefined || filter === null) return () => true;
  if (!isObject(filter)) throw formatError('invalid type: expected struct Filter');
  const unknown = Object.keys(filter).filter((k) => !FILTER_KEYS.includes(k));
  if (unknown.length > 0) throw formatError(`unknown field \`${unknown[0]}\`, expected one of \`should\`, \`min_should\`, \`must\`, \`must_not\``);
  const must = list(filter.must).map((c, i) => compileCondition(c, raw, `${path}.must[${i}]`));
  const mustNot = list(filter.must_not).map((c, i) => compileCondition(c, raw, `${path}.must_not[${i}]`));
  const hasShould = filter.should !== undefined && filter.should !== null;
  const should = list(filter.should).map((c, i) => compileCondition(c, raw, `${path}.should[${i}]`));
  const minShould = filter.min_should == null ? undefined : compileMinShould(filter.min_should, raw, `${path}.min_should`);
  return (p) =>
    must.every((c) => c(p)) &&
    mustNot.every((c) => !c(p)) &&
    (!hasShould || should.some((c) => c(p))) &&
    (minShould === undefined || minShould(p));
}

