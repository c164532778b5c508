/**
 * SQL statements and commits per WhatsApp webhook and per message end to end, counted at the `pg` driver (every
 * statement MikroORM sends, BEGIN and COMMIT included). Counts, not times: they do not move between runs.
 *
 *   npm run bench:statements          (BENCH_MESSAGES to change how many of each are sent; BENCH_VERBOSE=1 lists them)
 *
 * Phases, one server (real PostgreSQL and Redis, loopback Graph API, loopback model):
 *   end to end   a customer with an open conversation writes; the reply is generated and sent; Meta's three
 *                status webhooks (sent, delivered, read) come back; every event is relayed
 *   inbound      the same customers write again with the relay stopped: the webhook alone
 *   first        a new customer's first message (customer and conversation created), relay stopped
 *   status       status webhooks for replies that have had none yet, relay stopped
 * Each line gives statements and commits (COMMITs plus statements outside a transaction) per webhook or message,
 * and PostgreSQL's own count of commits (pg_stat_database.xact_commit; BENCH_PG_STATS=0 skips it, it needs an
 * 11 s pause per phase for the backends to report). pg_stat_statements would count statements on the server, but
 * it needs shared_preload_libraries (and a restart); the driver count is exact without it.
 */
import { Client } from 'pg';
import { countStatements, eventually, startFakeGraph, text, type StatementTally } from '@confab/testing';
import { OutboxRelay } from '@confab/persistence';
import { createTenant } from '../../apps/server/test/support/api-client';
import { startTestServer } from '../../apps/server/test/support/test-server';
import { connectWhatsApp } from '../../apps/server/test/support/whatsapp-helpers';

const N = Number(process.env.BENCH_MESSAGES ?? 20);
const VERBOSE = !!process.env.BENCH_VERBOSE;
const PG_STATS = process.env.BENCH_PG_STATS !== '0';
const FREE_SERVICE = { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };

async function main() {
  const counter = countStatements();
  // The poll is a safety net; a long one keeps its empty sweeps out of the counts.
  const server = await startTestServer({ relayPollMs: 60_000, conversations: { replyDebounceMs: 0 } });
  const graph = await startFakeGraph({ autoStatuses: false });
  server.openai.respondWith(() => text('Fresh bread until six.'));
  const { api } = await createTenant(server.url, server.platformKey, 'bench');
  const assistantId = (await api.post('/api/v1/assistants', { name: 'bench', systemPrompt: 'Answer briefly.', model: 'gpt-4o-mini' })).body.id;
  const channelId = (await connectWhatsApp(api, assistantId, graph.url)).id;
  graph.setWebhookTarget(`${server.url}/webhooks/whatsapp/${channelId}`);

  const deliver = async (payload: object) => {
    const res = await graph.deliverWebhook(payload);
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${res.body}`);
  };
  const customer = (i: number) => `49151000${String(i).padStart(5, '0')}`;
  const sentTo = (digits: string) => graph.sent().filter((s) => s.to.replace(/^\+/, '') === digits);
  const statuses = (wamid: string, digits: string) => [
    graph.statusNotification({ wamid, recipientId: digits, status: 'sent', pricing: FREE_SERVICE }),
    graph.statusNotification({ wamid, recipientId: digits, status: 'delivered', pricing: FREE_SERVICE }),
    graph.statusNotification({ wamid, recipientId: digits, status: 'read' }),
  ];
  const relay = server.app.get(OutboxRelay);
  // The relay is woken after each commit; a pause (rather than drain(), which would add its own sweeps) lets it
  // and the Bull jobs it starts finish.
  const settle = () => new Promise((r) => setTimeout(r, 400));

  // Warm-up, not counted: every customer's first message and its reply (these replies get no statuses yet).
  for (let i = 0; i < N; i++) {
    await deliver(graph.inboundText({ from: customer(i), text: 'hello', name: `Customer ${i}` }));
    await eventually(() => expect1(sentTo(customer(i)).length >= 1), { timeoutMs: 15_000 });
  }
  await settle();
  const unstatused = Array.from({ length: N }, (_, i) => ({ digits: customer(i), wamid: sentTo(customer(i))[0].wamid }));

  // Backends report their counters when idle, at most once a second, and within 10 s of going idle.
  const xactCommits = async (): Promise<number> => {
    await new Promise((r) => setTimeout(r, 11_000));
    const client = new Client({ connectionString: server.db.url });
    counter.ignore(client);
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>('select xact_commit as n from pg_stat_database where datname = current_database()');
      return Number(rows[0].n) - 1; // this read's own commit is reported later; the previous read's is in
    } finally {
      await client.end();
    }
  };
  const results: Array<[string, StatementTally, number, number | null]> = [];
  const measure = async (label: string, count: number, run: () => Promise<void>) => {
    const before = PG_STATS ? await xactCommits() : 0;
    counter.reset();
    await run();
    const tally = counter.tally();
    const serverCommits = PG_STATS ? (await xactCommits()) - before - 1 : null; // minus the first read's commit
    results.push([label, tally, count, serverCommits]);
    if (VERBOSE) console.log(`\n--- ${label}: every statement\n${tally.texts.join('\n')}`);
  };

  await measure('end to end, per message (webhook, reply, send, 3 statuses, relay)', N, async () => {
    for (let i = 0; i < N; i++) {
      await deliver(graph.inboundText({ from: customer(i), text: 'when do you close?', name: `Customer ${i}` }));
      await eventually(() => expect1(sentTo(customer(i)).length >= 2), { timeoutMs: 15_000 });
      await settle();
      for (const status of statuses(sentTo(customer(i))[1].wamid, customer(i))) await deliver(status);
      await settle();
    }
  });

  await relay.onModuleDestroy();
  await measure('inbound text webhook, open conversation (relay stopped)', N, async () => {
    for (let i = 0; i < N; i++) await deliver(graph.inboundText({ from: customer(i), text: 'one more thing', name: `Customer ${i}` }));
  });
  await measure('inbound text webhook, new customer (relay stopped)', N, async () => {
    for (let i = 0; i < N; i++) await deliver(graph.inboundText({ from: customer(N + i), text: 'hi there', name: `New ${i}` }));
  });
  await measure('status webhook, sent/delivered/read (relay stopped)', 3 * N, async () => {
    for (const { digits, wamid } of unstatused) for (const status of statuses(wamid, digits)) await deliver(status);
  });

  console.log(`\nSQL per WhatsApp webhook and per message (${N} of each; counted at the pg driver)`);
  console.log('                                                                     statements  commits  autocommit  xact_commit');
  for (const [label, tally, count, serverCommits] of results) {
    const per = (n: number) => (n / count).toFixed(1).padStart(9);
    console.log(`${label.padEnd(68)} ${per(tally.statements)}  ${per(tally.commits)}  ${per(tally.autocommits)}  ${serverCommits === null ? '' : per(serverCommits)}`);
  }
  counter.stop();
  await graph.close();
  await server.close();
}

function expect1(ok: boolean): void {
  if (!ok) throw new Error('not yet');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
