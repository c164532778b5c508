// Preloaded (node -r) into the measured server processes, platform and reference alike, by the pipeline benchmark.
// Counts the SQL statements sent through `pg` and the transactions they make (explicit COMMITs plus statements run
// outside a transaction), in total and for the part issued while handling an HTTP request under /webhooks/ (the
// request's async context, so work the request starts in the background is included). pg_stat_statements needs a
// server restart to load and pg_stat_database is flushed lazily, so counting at the client is the exact way here.
// The benchmark asks over the IPC channel: 'bench:sql' -> { total: {...}, webhook: {...} }. Processes the server
// starts itself (npm start's worker processes) have no channel to the benchmark: with BENCH_SQL_DIR set, every
// process also writes its counts to <dir>/<pid>.json four times a second, and the benchmark adds them up.
'use strict';
const { AsyncLocalStorage } = require('node:async_hooks');
const http = require('node:http');
const path = require('node:path');

const inWebhook = new AsyncLocalStorage();
const counts = { total: { statements: 0, transactions: 0 }, webhook: { statements: 0, transactions: 0 }, webhookRequests: 0 };

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, ...rest) {
  if (event === 'request' && typeof req?.url === 'string' && req.url.startsWith('/webhooks/')) {
    counts.webhookRequests++;
    return inWebhook.run(true, () => emit.call(this, event, req, ...rest));
  }
  return emit.call(this, event, req, ...rest);
};

// BENCH_SQL_SHAPES=1: also tally statements by their shape (literals blanked, first 100 characters), written to
// <BENCH_SQL_DIR>/<pid>.shapes.json as shape -> [count, characters sent, statements with bound parameters], to see which
// statements a message costs and how much text they carry.
const shapes = process.env.BENCH_SQL_SHAPES ? new Map() : null;
const shapeOf = (sql) => sql.replace(/'[^']*'/g, "'?'").replace(/\$\d+/g, '?').replace(/\b\d+\b/g, 'N').replace(/\s+/g, ' ').trim().slice(0, 100);

function count(client, text, values) {
  const sql = typeof text === 'string' ? text : typeof text?.text === 'string' ? text.text : '';
  if (shapes) {
    const shape = shapeOf(sql);
    const tally = shapes.get(shape) ?? [0, 0, 0];
    tally[0]++;
    tally[1] += sql.length;
    if (Array.isArray(values) && values.length) tally[2]++;
    shapes.set(shape, tally);
  }
  const head = sql.trimStart().slice(0, 10).toLowerCase();
  const targets = inWebhook.getStore() ? [counts.total, counts.webhook] : [counts.total];
  let transaction = false;
  if (head.startsWith('begin') || head.startsWith('start tran')) client.__benchInTx = true;
  else if (head.startsWith('commit') || head.startsWith('rollback')) {
    transaction = client.__benchInTx === true;
    client.__benchInTx = false;
  } else if (!client.__benchInTx) transaction = true;
  for (const t of targets) {
    t.statements++;
    if (transaction) t.transactions++;
  }
}

// The project's single pg copy, resolved from the working directory the server runs in.
const pg = require(require.resolve('pg', { paths: [process.cwd(), path.join(__dirname, '../../..')] }));
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (text, ...rest) {
  try {
    count(this, text, Array.isArray(rest[0]) ? rest[0] : text?.values);
  } catch {
    // Counting must never break the measured server.
  }
  return query.call(this, text, ...rest);
};

const dir = process.env.BENCH_SQL_DIR;
if (dir) {
  const fs = require('node:fs');
  const file = path.join(dir, `${process.pid}.json`);
  const write = () => {
    try {
      fs.writeFileSync(file, JSON.stringify(counts));
      if (shapes) fs.writeFileSync(path.join(dir, `${process.pid}.shapes.json`), JSON.stringify(Object.fromEntries(shapes)));
    } catch {
      // A missed write only delays the figure by one interval.
    }
  };
  setInterval(write, 250).unref();
  process.on('exit', write);
}

if (typeof process.send === 'function') {
  process.on('message', (message) => {
    if (message === 'bench:sql') process.send({ sql: counts });
  });
  process.channel?.unref();
}
