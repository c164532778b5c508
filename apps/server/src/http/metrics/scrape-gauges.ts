import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Gauge } from 'prom-client';
import { Db } from '@confab/persistence';
import { Metrics } from './metrics';
import { outboxLagSeconds, projectionLagSeconds } from './lag-queries';
import { ScrapeCache } from './scrape-cache';

/** Gauges are read on scrape, at most this often; the rest of the time the last reading is served. */
export const SCRAPE_CACHE_MS = 2_000;
/** A reading that takes longer (Redis or the database unreachable) is given up, so the scrape still answers. */
const READ_TIMEOUT_MS = 2_000;

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** What a Bull queue offers that the gauges need; queues are found by shape, whichever module registered them. */
interface CountableQueue {
  name: string;
  getJobCounts(): Promise<Record<(typeof STATES)[number], number>>;
}

const isQueue = (v: unknown): v is CountableQueue =>
  typeof v === 'object' && v !== null && typeof (v as CountableQueue).name === 'string' &&
  typeof (v as CountableQueue).getJobCounts === 'function' && typeof (v as { add?: unknown }).add === 'function';

/**
 * The gauges that describe a backlog rather than an event: jobs per Bull queue and state, the outbox relay's lag
 * and the metrics projection's lag. They are computed when Prometheus scrapes (prom-client's collect callbacks),
 * through a short cache. A reading that fails (Redis or the database away) leaves its gauge empty for that
 * scrape instead of failing the whole scrape: the process metrics still tell what is wrong.
 */
@Injectable()
export class ScrapeGauges implements OnModuleInit {
  private readonly logger = new Logger('Metrics');
  private queues?: CountableQueue[];

  constructor(
    private readonly metrics: Metrics,
    private readonly discovery: DiscoveryService,
    private readonly db: Db,
  ) {}

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    const queueCounts = new ScrapeCache(SCRAPE_CACHE_MS, () => withTimeout(this.readQueues(), READ_TIMEOUT_MS));
    const lags = new ScrapeCache(SCRAPE_CACHE_MS, () => withTimeout(this.readLags(), READ_TIMEOUT_MS));

    const queueJobs: Gauge<'queue' | 'state'> = new Gauge({
      name: 'confab_queue_jobs',
      help: 'Jobs in each Bull queue by state (waiting, active, delayed, failed)',
      labelNames: ['queue', 'state'] as const,
      registers,
      collect: () =>
        this.fill(queueJobs, 'queue depths', queueCounts, (counts) => {
          for (const { queue, jobs } of counts) for (const state of STATES) queueJobs.set({ queue, state }, jobs[state] ?? 0);
        }),
    });
    const outboxLag: Gauge = new Gauge({
      name: 'confab_outbox_lag_seconds',
      help: 'Age of the oldest event the outbox relay has not delivered to its handlers yet (0: caught up)',
      registers,
      collect: () => this.fill(outboxLag, 'outbox lag', lags, (l) => outboxLag.set(l.outbox)),
    });
    const projectionLag: Gauge = new Gauge({
      name: 'confab_projection_lag_seconds',
      help: 'Age of the oldest event the metrics projection has not applied yet (0: caught up)',
      registers,
      collect: () => this.fill(projectionLag, 'projection lag', lags, (l) => projectionLag.set(l.projection)),
    });
  }

  private async fill<T>(gauge: Gauge<any>, what: string, cache: ScrapeCache<T>, set: (value: T) => void): Promise<void> {
    gauge.reset();
    try {
      set(await cache.get());
    } catch (err) {
      this.logger.warn({ msg: `Could not read ${what} for /metrics`, error: (err as Error).message });
    }
  }

  private async readQueues(): Promise<{ queue: string; jobs: Record<string, number> }[]> {
    this.queues ??= this.findQueues();
    return Promise.all(this.queues.map(async (q) => ({ queue: q.name, jobs: await q.getJobCounts() })));
  }

  /** Every queue any module registered (libs and plugins add their own), each once. */
  private findQueues(): CountableQueue[] {
    const byName = new Map<string, CountableQueue>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.isDependencyTreeStatic() ? wrapper.instance : undefined;
      if (isQueue(instance) && !byName.has(instance.name)) byName.set(instance.name, instance);
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  private async readLags(): Promise<{ outbox: number; projection: number }> {
    const conn = this.db.platform().getConnection();
    const [outbox, projection] = await Promise.all([outboxLagSeconds(conn), projectionLagSeconds(conn)]);
    return { outbox, projection };
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
