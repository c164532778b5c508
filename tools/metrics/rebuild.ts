/**
 * npm run metrics:rebuild [-- --tenant <uuid>]
 *
 * Recomputes the metrics rollups from the event log, for one tenant or all, under the projector's lock (a running
 * server's projector waits meanwhile; readers see the old figures until the rebuild commits). Uses DATABASE_URL, or
 * the embedded PostgreSQL in DATA_DIR when it is unset and no server is using it (while one is, call
 * POST /api/v1/admin/metrics/rebuild instead). Migrates first, so it also works on a fresh copy of a database.
 */
import { MetricsPool, MetricsProjector, METRICS_DEFAULTS, type MetricsOptions } from '@confab/metrics';
import { runWithDatabase } from '../cli/with-database';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function tenantArgument(args: string[]): string | undefined {
  const at = args.indexOf('--tenant');
  const tenantId = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !UUID.test(tenantId ?? '')) throw new Error('--tenant needs a tenant id (UUID)');
  const unknown = args.filter((a, i) => a !== '--tenant' && i !== at + 1);
  if (unknown.length) throw new Error(`Unknown arguments: ${unknown.join(' ')} (usage: npm run metrics:rebuild [-- --tenant <uuid>])`);
  return tenantId;
}

runWithDatabase('metrics:rebuild', async (databaseUrl, env) => {
  const tenantId = tenantArgument(process.argv.slice(2));
  const options: MetricsOptions = { ...METRICS_DEFAULTS, databaseUrl, worker: false, batchSize: env.METRICS_BATCH_SIZE };
  const pool = new MetricsPool(options);
  try {
    const result = await new MetricsProjector(pool, options).rebuild(tenantId);
    console.log(`Rebuilt the metrics of ${result.tenantId ? `tenant ${result.tenantId}` : 'every tenant'} from ${result.events} events.`);
  } finally {
    await pool.onApplicationShutdown();
  }
});
