import { inspect } from 'node:util';

/** What went wrong, readably, whatever was thrown: a library that rejects with nothing must not print "undefined". */
export function describeFailure(err: unknown): string {
  if (err instanceof Error) return err.stack || err.message || err.name;
  if (err === undefined || err === null) return `a start step failed without giving a reason (it threw ${String(err)})`;
  return typeof err === 'string' ? err : inspect(err, { depth: 4 });
}
