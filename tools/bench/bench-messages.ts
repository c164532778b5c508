import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTenant, type ApiClient } from '../../apps/server/test/support/api-client';
import { startTestServer, type TestServer } from '../../apps/server/test/support/test-server';
import { timed } from './bench-process';

export interface BenchTenant {
  server: TestServer;
  tenantId: string;
  api: ApiClient;
  apiKey: string;
  assistantId: string;
  connectionId: string;
  /** A plain connection for loading and checking, outside the server's pool. */
  pg: Client;
}

/** A test server without a model, one tenant with an assistant on an API channel: what the read-side benches load into. */
export async function startBenchTenant(): Promise<BenchTenant> {
  const server = await startTestServer({ openai: null });
  const { id: tenantId, api, apiKey } = await createTenant(server.url, server.platformKey, 'bench');
  const assistantId = (await api.post('/api/v1/assistants', { name: 'bench', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
  const connectionId = (await api.post('/api/v1/channels', { type: 'api', assistantId, config: {} })).body.id;
  const pg = new Client({ connectionString: server.db.url });
  await pg.connect();
  return { server, tenantId, api, apiKey, assistantId, connectionId, pg };
}

/**
 * `count` conversations, each with a customer of its own, as one statement; `timesSql` gives the conversations'
 * created_at and last_message_at as SQL over `n` (1..count) and the statement's parameters from $5 on.
 */
export async function insertConversations(
  t: BenchTenant,
  count: number,
  messagesEach: number,
  columns: { costMicrosSql: string; createdAtSql: string; lastMessageAtSql: string; params?: unknown[] },
): Promise<string[]> {
  const { rows } = await t.pg.query<{ id: string }>(
    `with customers as (
       insert into customers (id, tenant_id, display_name, created_at)
       select gen_random_uuid(), $1, 'Kunde ' || g, now() from generate_series(1, $4::int) g returning id
     )
     insert into conversations (id, tenant_id, channel, connection_id, assistant_id, customer_id, customer_identifier, customer_name, message_count, total_cost_micros, created_at, last_message_at)
     select gen_random_uuid(), $1, 'api', $2, $3, id, 'cust-' || n, 'Kunde', ${messagesEach}, ${columns.costMicrosSql}, ${columns.createdAtSql}, ${columns.lastMessageAtSql}
     from (select id, row_number() over () as n from customers) c
     returning id`,
    [t.tenantId, t.connectionId, t.assistantId, count, ...(columns.params ?? [])],
  );
  return rows.map((r) => r.id);
}

export interface BenchMessage {
  conversationId: string;
  customer: boolean;
  /** Already a valid CSV cell (quoted where it needs to be). */
  textCell: string;
  at: Date;
  /** Varies the stored usage, cost and latency of assistant messages. */
  seed: number;
}

/**
 * Loads `count` messages with psql's COPY FROM STDIN (the search trigger filling each vector, as in production),
 * written with back-pressure so the loader itself stays small. Returns the seconds it took.
 */
export async function copyMessages(t: BenchTenant, count: number, messageOf: (i: number) => BenchMessage): Promise<number> {
  const columns = 'id, tenant_id, conversation_id, connection_id, direction, author, text, delivery_status, usage, cost_micros, latency_ms, created_at';
  return timed('psql', [t.server.db.url, '-q', '-c', `\\copy messages (${columns}) from stdin with (format csv)`], async (stdin) => {
    let buffer = '';
    for (let i = 0; i < count; i++) {
      const m = messageOf(i);
      const s = m.seed;
      const usage = m.customer ? '' : `"{""model"": ""gpt-4o-mini"", ""llmCalls"": 1, ""promptTokens"": ${400 + (s % 300)}, ""cachedTokens"": 0, ""completionTokens"": ${20 + (s % 80)}}"`;
      buffer += `${randomUUID()},${t.tenantId},${m.conversationId},${t.connectionId},${m.customer ? 'inbound' : 'outbound'},${m.customer ? 'customer' : 'assistant'},${m.textCell},${m.customer ? '' : 'delivered'},${usage},${m.customer ? 0 : 150 + (s % 900)},${m.customer ? '' : 800 + (s % 1500)},${m.at.toISOString()}\n`;
      if (buffer.length > 1 << 20) {
        if (!stdin.write(buffer)) await once(stdin, 'drain');
        buffer = '';
      }
    }
    stdin.write(buffer);
  });
}
