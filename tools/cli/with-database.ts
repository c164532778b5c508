import { Logger } from '@nestjs/common';
import { loadDotenv } from '../../apps/server/src/config/dotenv';
import { parseEnv, type Env } from '../../apps/server/src/config/env';
import { startEmbeddedPostgres } from '../../apps/server/src/bootstrap/embedded-postgres';
import { migrate } from '../../apps/server/src/create-app';

/**
 * Runs a maintenance command (`npm run <name>`) against the installation's database: DATABASE_URL, or the embedded
 * PostgreSQL in DATA_DIR when it is unset and no server is using it. Migrates first, so a command also works on a
 * fresh copy of a database. A failure is printed in one line and exits with 1.
 */
export function runWithDatabase(name: string, command: (databaseUrl: string, env: Env) => Promise<void>): void {
  const run = async () => {
    loadDotenv();
    const env = parseEnv(process.env);
    let stop = async () => undefined as void;
    let databaseUrl = env.DATABASE_URL;
    if (!databaseUrl) {
      const db = await startEmbeddedPostgres(env.DATA_DIR, new Logger(name));
      databaseUrl = db.url;
      stop = db.stop;
    }
    try {
      await migrate(databaseUrl);
      await command(databaseUrl, env);
    } finally {
      await stop();
    }
  };
  run().catch((err) => {
    console.error(`${name} failed: ${(err as Error).message}`);
    process.exit(1);
  });
}
