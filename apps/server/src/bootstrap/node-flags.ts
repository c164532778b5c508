/**
 * V8 flags every server process runs with. The API process gets them on its command line (package.json
 * `start:prod`, tools/start.mjs, tools/deploy/Dockerfile; node-flags.spec.ts keeps those in step with this list);
 * worker processes get them from worker-processes.ts, which adds any the API process was started without.
 *
 * --max-semi-space-size=4: the young generation's two semi-spaces grow to 4 MB each instead of Node 24's 16 MB.
 * The young generation is where request and export garbage dies; at 16 MB it grows to its full size during the
 * start and under an export, and its pages stay resident. Measured on the production bundle (Node 24, one API
 * process, docs/benchmarks.md#memory): RSS right after start 215 -> 170 MB with 8 MB, peak while exporting a
 * million messages 290 -> 211 MB, export times within the run-to-run noise. 4 MB took a busy worker under the
 * pipeline benchmark's P4 load from 303-304 to 291-293 MB and the API process from 291 to 280 MB, at the same
 * CPU per message relative to the reference (P10 2.64x against 2.99x in the same hour).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

/**
 * Worker processes also get an old generation of at most 176 MB. Left alone, V8 lets a busy worker's heap grow to
 * several times what is alive before a full collection: a worker with about 115 MB alive (a heap snapshot under
 * the P4 load, 150 replies in flight) reached 449 MB RSS; with 256 MB it reached 302 MB, with 192 MB 293-312 MB
 * (semi-spaces of 8 and 4 MB), with 176 MB 285-291 MB, at the same CPU per message within the run-to-run noise
 * (docs/benchmarks.md#memory). `--optimize-for-size` reached 256 MB but took half again as much CPU per message. A
 * worker that does run out is restarted by its API process (worker-processes.ts) and its jobs are taken again; an
 * operator sets another value through NODE_OPTIONS.
 */
export const WORKER_NODE_FLAGS: readonly string[] = ['--max-old-space-size=176'];

const flagName = (arg: string) => arg.split('=')[0].replace(/_/g, '-');

/** `execArgv` plus each of `flags` that neither it nor NODE_OPTIONS sets already (an operator's own value wins). */
export function withServerNodeFlags(execArgv: readonly string[], nodeOptions = '', flags: readonly string[] = SERVER_NODE_FLAGS): string[] {
  const given = new Set([...execArgv, ...nodeOptions.split(/\s+/)].filter(Boolean).map(flagName));
  return [...execArgv, ...flags.filter((flag) => !given.has(flagName(flag)))];
}
