/**
 * Starts the embedded PostgreSQL of DATA_DIR the way `npm start` does and prints "ready <url>", then idles, so a
 * test can kill it with -9 and find what a crashed Confab leaves behind.
 */
import { Logger } from '@nestjs/common';
import { startEmbeddedPostgres } from '../../src/bootstrap/embedded-postgres';

startEmbeddedPostgres(process.env.DATA_DIR ?? '', new Logger('EmbeddedPostgres')).then(
  (db) => {
    process.stdout.write(`ready ${db.url}\n`);
    setInterval(() => undefined, 60_000);
  },
  (err: unknown) => {
    process.stderr.write(`embedded postgres failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
