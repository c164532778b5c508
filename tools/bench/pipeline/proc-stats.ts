import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { Pool } from 'pg';

/** CPU and memory of processes from /proc (Linux), for CPU per message and RSS. */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; the fields after its last ')' are fixed.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const fields = statFields(Number(name));
    if (!fields) continue;
    const parent = Number(fields[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
  }
  return children;
}

function subtree(root: number, children: Map<number, number[]>): number[] {
  const out: number[] = [];
  const visit = (pid: number) => {
    out.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return out;
}

/** The process and all its descendants (a server that forks workers is measured whole). */
export function processTree(root: number): number[] {
  return subtree(root, childrenByParent());
}

/** utime + stime in ms, per pid (pids that are gone are left out). */
export function cpuMs(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    const fields = statFields(pid);
    // utime and stime are fields 14 and 15 of stat; here indexes 11 and 12 (counting from the state field).
    if (fields) out.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND);
  }
  return out;
}

/** CPU spent between two readings; a pid that appeared in between counts from zero. */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
}

export function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) kb += Number(match[1]);
    } catch {
      // gone
    }
  }
  return kb / 1024;
}

/**
 * RSS in MB of a server's whole tree, of its root process (with ROLE=all the API process) and of its largest
 * direct child with that child's own descendants (a worker process; undefined when it forked none). Issue 16's
 * goals are per process, so the tree's sum alone cannot tell which process is over.
 */
export function rssByProcess(root: number): { tree: number; root: number; largestChild: number | undefined } {
  const children = childrenByParent();
  const workers = (children.get(root) ?? []).map((child) => rssMb(subtree(child, children)));
  return {
    tree: rssMb(subtree(root, children)),
    root: rssMb([root]),
    largestChild: workers.length ? Math.max(...workers) : undefined,
  };
}

/** The metrics of one reading: `rss<suffix>` for the tree, `rssApi<suffix>`, `rssWorker<suffix>` (when there is one). */
export function rssMetrics(reading: ReturnType<typeof rssByProcess>, suffix: 'Start' | 'Load'): Record<string, number> {
  return {
    [`rss${suffix}`]: reading.tree,
    [`rssApi${suffix}`]: reading.root,
    ...(reading.largestChild === undefined ? {} : { [`rssWorker${suffix}`]: reading.largestChild }),
  };
}

/** The PostgreSQL backends serving one database (their CPU is the database's share of the work). */
export async function backendPids(admin: Pool, database: string): Promise<number[]> {
  const rows = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
  return rows.rows.map((r) => r.pid);
}
