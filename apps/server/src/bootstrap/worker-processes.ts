import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { Logger } from '@nestjs/common';
import { SERVER_NODE_FLAGS, WORKER_NODE_FLAGS, withServerNodeFlags } from './node-flags';

const FIRST_RESTART_MS = 1_000;
const LONGEST_RESTART_MS = 30_000;
/** A worker that ran this long before it died is restarted at once again: it was not crashing on start. */
const HEALTHY_RUN_MS = 60_000;

/** One worker process on a machine with two or more cores; none (everything in one process) on a single core. */
export function defaultWorkerCount(cores = availableParallelism()): number {
  return cores >= 2 ? 1 : 0;
}

/**
 * Worker processes started by `npm start` beside the API process: the same entry (main.ts or the bundle) with
 * ROLE=worker, so HTTP and the jobs each get a core. They receive the resolved database, Redis, queue prefix and
 * keys in their environment (never on a command line, where `ps` would show them), run in their own process group
 * so a Ctrl-C reaches them only through this process (which stops them in order), are restarted with backoff when
 * they die, and stop themselves if this process disappears (the IPC channel closes).
 */
export class WorkerProcesses {
  private readonly logger = new Logger('WorkerProcesses');
  private readonly children = new Set<ChildProcess>();
  private readonly restarts = new Set<NodeJS.Timeout>();
  private stopping = false;

  constructor(
    private readonly count: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly entry = process.argv[1],
  ) {}

  start(): void {
    for (let slot = 0; slot < this.count; slot++) this.spawn(slot, 0);
  }

  get pids(): number[] {
    return [...this.children].map((c) => c.pid).filter((pid): pid is number => pid !== undefined);
  }

  /** SIGTERM to every worker (each drains its replies and sends); SIGKILL to one still running after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    for (const timer of this.restarts) clearTimeout(timer);
    await Promise.all(
      [...this.children].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => {
          this.logger.warn({ msg: 'A worker process did not stop in time; killing it', pid: child.pid, graceMs });
          child.kill('SIGKILL');
        }, graceMs);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  /** Stops every worker at once (a second Ctrl-C, a failed start). */
  kill(): void {
    this.stopping = true;
    for (const timer of this.restarts) clearTimeout(timer);
    for (const child of this.children) child.kill('SIGKILL');
  }

  private spawn(slot: number, failures: number): void {
    const began = Date.now();
    const child = fork(this.entry, process.argv.slice(2), {
      env: this.env,
      // The API process's own flags (the TypeScript loader under `npm start`), plus the server's and the workers' V8
      // flags where those do not set them already (node-flags.ts).
      execArgv: withServerNodeFlags(process.execArgv, this.env.NODE_OPTIONS, [...SERVER_NODE_FLAGS, ...WORKER_NODE_FLAGS]),
      stdio: 'inherit',
      detached: true,
    });
    this.children.add(child);
    this.logger.log({ msg: 'Worker process started', pid: child.pid, slot });
    child.once('exit', (code, signal) => {
      this.children.delete(child);
      if (this.stopping) return;
      const ranMs = Date.now() - began;
      const next = ranMs >= HEALTHY_RUN_MS ? 0 : failures + 1;
      const delayMs = next === 0 ? 0 : Math.min(LONGEST_RESTART_MS, FIRST_RESTART_MS * 2 ** (next - 1));
      this.logger.error({ msg: 'A worker process exited; starting another', pid: child.pid, code, signal, ranMs, restartInMs: delayMs });
      const timer = setTimeout(() => {
        this.restarts.delete(timer);
        if (!this.stopping) this.spawn(slot, next);
      }, delayMs);
      this.restarts.add(timer);
    });
  }
}
