/**
 * npm run search:backfill
 *
 * Fills the full-text search vector of messages stored before the search migration, when that migration left them
 * (more than 200,000 messages: docs/api.md "Search"). Walks the table in primary-key order, 5,000 rows per
 * statement, each its own short transaction, so it runs beside a live platform without long locks; new and edited
 * messages get their vector from the trigger meanwhile. Safe to stop and run again: it only touches rows without
 * one. Uses DATABASE_URL, or the embedded PostgreSQL in DATA_DIR when it is unset and no server is using it.
 */
import { Client } from 'pg';
import { runWithDatabase } from '../cli/with-database';

const BATCH = 5_000;

runWithDatabase('search:backfill', async (databaseUrl) => {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let after = '00000000-0000-0000-0000-000000000000';
    let filled = 0;
    const began = Date.now();
    for (;;) {
      const { rows } = await client.query<{ last: string | null; n: string }>(
        `with batch as (select id from messages where id > $1 order by id limit ${BATCH}),
              done as (update messages m set search_vector = confab_search_document(m.text)
                       from batch b where m.id = b.id and m.search_vector is null and m.text is not null and m.text <> '' returning 1)
         select (select id::text from batch order by id desc limit 1) as last, (select count(*) from done) as n`,
        [after],
      );
      if (!rows[0].last) break;
      after = rows[0].last;
      filled += Number(rows[0].n);
    }
    console.log(`Filled the search vector of ${filled} messages in ${((Date.now() - began) / 1000).toFixed(1)} s.`);
  } finally {
    await client.end();
  }
});
