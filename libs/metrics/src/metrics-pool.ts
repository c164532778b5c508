import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Pool, type PoolClient, type QueryResultRow } from 'pg';
import { METRICS_OPTIONS, type MetricsOptions } from './metrics.options';

/**
 * A small pool of its own: the projector holds a transaction (and an advisory lock) per batch with plain SQL, and
 * the read side runs one aggregate query per request; neither competes with the ORM's pool for connections.
 */
@Injectable()
export class MetricsPool implements OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(@Inject(METRICS_OPTIONS) options: Pick<MetricsOptions, 'databaseUrl'>) {
    this.pool = new Pool({ connectionString: options.databaseUrl, max: 4 });
    // An idle connection the server drops (a restart, a failover) is reported here; without a listener the pool's
    // 'error' event would end the process. The next query opens a new connection.
    const logger = new Logger('MetricsPool');
    this.pool.on('error', (err) => logger.warn({ msg: 'An idle metrics database connection was lost', error: err.message }));
  }

  query<R extends QueryResultRow = any>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.pool.query<R>(sql, params).then((r) => r.rows);
  }

  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** After every module's destroy hook, so the projector has finished its batch. */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
