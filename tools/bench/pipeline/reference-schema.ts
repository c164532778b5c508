import type { Pool } from 'pg';

/** The reference's two tables: messages (deduplicated on the provider's id) and the event row written beside each. */
export async function createReferenceSchema(pool: Pool): Promise<void> {
  await pool.query(`
    create table if not exists ref_messages (
      id bigserial primary key,
      provider_id text unique,
      customer text not null,
      direction text not null,
      body text not null,
      created_at timestamptz not null default now()
    );
    create index if not exists ref_messages_customer on ref_messages (customer, id);
    create table if not exists ref_events (
      id bigserial primary key,
      message_id bigint not null references ref_messages (id),
      type text not null,
      payload jsonb not null,
      created_at timestamptz not null default now()
    );`);
}
