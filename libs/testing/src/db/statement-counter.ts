import { Client } from 'pg';

/** What the server sent to PostgreSQL while a counter was on: every statement, and how they were grouped. */
export interface StatementTally {
  /** Every statement sent, BEGIN and COMMIT included (what each costs a round trip). */
  statements: number;
  /** COMMITs of explicit transactions plus statements sent outside one (each of those commits on its own). */
  commits: number;
  /** Statements outside BEGIN ... COMMIT. */
  autocommits: number;
  rollbacks: number;
  /** The statements themselves, shortened, in order (for a failing budget test to show what ran). */
  texts: string[];
}

export interface StatementCounter {
  /** The tally since the counter started or was last reset. */
  tally(): StatementTally;
  reset(): void;
  /** Leaves the statements of the caller's own connections out (assertion queries). */
  ignore(client: Client): void;
  stop(): void;
}

const counters = new Set<{ tally: StatementTally; ignored: WeakSet<Client> }>();
const inTransaction = new WeakMap<Client, boolean>();
let patched = false;

function textOf(args: unknown[]): string {
  const first = args[0] as string | { text?: string } | undefined;
  return typeof first === 'string' ? first : (first?.text ?? '');
}

/**
 * Counts statements by wrapping `pg`'s Client.query, the one call every MikroORM (Kysely) query and transaction
 * command goes through. pg_stat_statements would do it on the server, but it needs shared_preload_libraries and a
 * restart; this needs neither, and a count taken this way is exact and deterministic.
 */
export function countStatements(): StatementCounter {
  if (!patched) {
    patched = true;
    const query = Client.prototype.query as (...args: unknown[]) => unknown;
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      const text = textOf(args).trim();
      const verb = text.slice(0, 12).toLowerCase();
      const isBegin = verb.startsWith('begin') || verb.startsWith('start transa');
      const isCommit = verb.startsWith('commit');
      const isRollback = verb.startsWith('rollback') && !verb.startsWith('rollback to');
      const open = inTransaction.get(this) ?? false;
      for (const counter of counters) {
        if (counter.ignored.has(this)) continue;
        const tally = counter.tally;
        tally.statements++;
        tally.texts.push(text.replace(/\s+/g, ' ').slice(0, 160));
        if (isCommit) tally.commits++;
        else if (isRollback) tally.rollbacks++;
        else if (!open && !isBegin) {
          tally.autocommits++;
          tally.commits++;
        }
      }
      if (isBegin) inTransaction.set(this, true);
      if (isCommit || isRollback) inTransaction.set(this, false);
      return query.apply(this, args);
    } as typeof Client.prototype.query;
  }
  const fresh = (): StatementTally => ({ statements: 0, commits: 0, autocommits: 0, rollbacks: 0, texts: [] });
  const counter = { tally: fresh(), ignored: new WeakSet<Client>() };
  counters.add(counter);
  return {
    tally: () => ({ ...counter.tally, texts: [...counter.tally.texts] }),
    reset: () => void (counter.tally = fresh()),
    ignore: (client) => void counter.ignored.add(client),
    stop: () => void counters.delete(counter),
  };
}
