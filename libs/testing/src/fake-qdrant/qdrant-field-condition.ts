import { formatError, notImplemented, validationError } from './qdrant-errors';
import { flatValues } from './qdrant-payload';
import type { PointPredicate } from './qdrant-filter';

type ValueCheck = (value: unknown) => boolean;
type Bounds = { gt?: unknown; gte?: unknown; lt?: unknown; lte?: unknown };

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const keywordsOrInts = (list: unknown): list is string[] | number[] =>
  Array.isArray(list) && (list.every((x) => typeof x === 'string') || list.every(isInt));

/** lib/segment condition_checker.rs `impl ValueChecker for Match`, value by value. */
function compileMatch(match: any): ValueCheck {
  if (typeof match !== 'object' || match === null) throw formatError('data did not match any variant of untagged enum Match');
  if ('value' in match) {
    const expected = match.value;
    if (!(typeof expected === 'string' || typeof expected === 'boolean' || isInt(expected))) {
      throw formatError('data did not match any variant of untagged enum ValueVariants');
    }
    return (v) => v === expected;
  }
  if ('any' in match) {
    if (!keywordsOrInts(match.any)) throw formatError('data did not match any variant of untagged enum AnyVariants');
    const any = new Set<unknown>(match.any);
    return (v) => (typeof v === 'string' || isInt(v)) && any.has(v);
  }
  if ('except' in match) {
    if (!keywordsOrInts(match.except)) throw formatError('data did not match any variant of untagged enum AnyVariants');
    const except = new Set<unknown>(match.except);
    const strings = match.except.length === 0 || typeof match.except[0] === 'string';
    return (v) => {
      if (v === null) return false;
      if (typeof v === 'string') return !strings || !except.has(v);
      if (typeof v === 'number') return strings || !except.has(v);
      return true; // bools, objects and nested arrays are never "in" the list
    };
  }
  // Without a full-text index Qdrant falls back to a substring test, for phrases too.
  if ('text' in match || 'phrase' in match) {
    const needle = String(match.text ?? match.phrase);
    return (v) => typeof v === 'string' && v.includes(needle);
  }
  throw notImplemented(`match ${JSON.stringify(Object.keys(match))}`);
}

function compileRange(range: Bounds): ValueCheck {
  const bounds = [range.gt, range.gte, range.lt, range.lte].filter((b) => b !== undefined && b !== null);
  const datetime = bounds.some((b) => typeof b === 'string');
  const toNumber = (v: unknown): number | undefined => {
    if (datetime) return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : undefined;
    return typeof v === 'number' ? v : undefined;
  };
  const [gt, gte, lt, lte] = [range.gt, range.gte, range.lt, range.lte].map((b) => (b == null ? undefined : toNumber(b)));
  if (bounds.length > 0 && [gt, gte, lt, lte].every((b) => b === undefined)) {
    throw formatError('data did not match any variant of untagged enum RangeInterface');
  }
  return (v) => {
    const n = toNumber(v);
    if (n === undefined) return false;
    return (gt === undefined || n > gt) && (gte === undefined || n >= gte) && (lt === undefined || n < lt) && (lte === undefined || n <= lte);
  };
}

function compileCount(count: Bounds): (n: number) => boolean {
  const { gt, gte, lt, lte } = count as Record<string, number | undefined>;
  return (n) => (gt == null || n > gt) && (gte == null || n >= gte) && (lt == null || n < lt) && (lte == null || n <= lte);
}

/** `{key, match|range|values_count}`; several present means any of them (FieldCondition::check_match). */
export function compileFieldCondition(condition: Record<string, any>, path: string): PointPredicate {
  if (typeof condition.key !== 'string') throw formatError('invalid type: expected a string for `key`');
  const key = condition.key;
  if (['geo_radius', 'geo_bounding_box', 'geo_polygon'].some((g) => condition[g] != null)) {
    throw notImplemented('geo conditions');
  }
  const checks: ValueCheck[] = [];
  if (condition.match != null) checks.push(compileMatch(condition.match));
  if (condition.range != null) checks.push(compileRange(condition.range));
  const counter = condition.values_count == null ? undefined : compileCount(condition.values_count);
  if (checks.length === 0 && counter === undefined) {
    throw validationError(`${path}: At least one field condition must be specified`);
  }
  return (p) => {
    const values = flatValues(p.payload, key);
    if (values.length === 0) return false; // a missing field matches no condition, `except` included
    if (counter?.(values.length)) return true;
    return values.some((v) => checks.some((check) => check(v)));
  };
}
