import { Migration } from '@mikro-orm/migrations';

/**
 * Knowledge bases: documents, their source bytes and chunks (vectors live in the vector store under the chunk id),
 * the questions the knowledge could not answer, citations on replies, retrieval settings on assistants, and
 * embedding costs in the ledger.
 */
export class Migration20261128000000Knowledge extends Migration {
  override name = 'Migration20261128000000Knowledge';

  override async up(): Promise<void> {
    this.addSql(`
create table knowledge_bases (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null,
  description text null,
  embedding_model text not null,
  embedding_dimension integer not null,
  chunk_tokens integer not null default 350,
  chunk_overlap_tokens integer not null default 50,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index knowledge_bases_tenant_idx on knowledge_bases (tenant_id, created_at);

create table knowledge_documents (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  knowledge_base_id uuid not null references knowledge_bases(id) on delete cascade,
  title text not null,
  source text not null,
  format text null,
  filename text null,
  content_type text null,
  url text null,
  crawl_depth integer not null default 0,
  parent_document_id uuid null references knowledge_documents(id) on delete set null,
  content_hash text null,
  size_bytes integer null,
  pages integer null,
  status text not null default 'queued',
  progress integer not null default 0,
  error text null,
  attempts integer not null default 0,
  chunk_count integer not null default 0,
  embedding_tokens integer not null default 0,
  embedding_cost_micros bigint not null default 0,
  embedding_model text null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  indexed_at timestamptz null,
  constraint knowledge_documents_status_check check (status in ('queued', 'processing', 'ready', 'failed')),
  constraint knowledge_documents_source_check check (source in ('text', 'file', 'url'))
);
create index knowledge_documents_kb_idx on knowledge_documents (tenant_id, knowledge_base_id, created_at desc);
create unique index knowledge_documents_url_idx on knowledge_documents (knowledge_base_id, url) where url is not null;

create table knowledge_document_sources (
  document_id uuid primary key references knowledge_documents(id) on delete cascade,
  tenant_id uuid not null references tenants(id) on delete cascade,
  data bytea not null
);

-- array_to_string is only STABLE; a generated column needs an IMMUTABLE expression (true for text[] input).
create or replace function confab_heading_text(path text[]) returns text language sql immutable parallel safe
  as $$ select coalesce(array_to_string(path, ' '), '') $$;

create table knowledge_chunks (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  knowledge_base_id uuid not null references knowledge_bases(id) on delete cascade,
  document_id uuid not null references knowledge_documents(id) on delete cascade,
  idx integer not null,
  text text not null,
  heading_path text[] not null default '{}',
  position jsonb not null default '{}',
  tokens integer not null,
  -- 'simple': no language-specific stemming, so German, English and any other text match the same way.
  search_vector tsvector generated always as (to_tsvector('simple', confab_heading_text(heading_path) || ' ' || text)) stored
);
create index knowledge_chunks_document_idx on knowledge_chunks (document_id, idx);
create index knowledge_chunks_tenant_kb_idx on knowledge_chunks (tenant_id, knowledge_base_id);
create index knowledge_chunks_search_idx on knowledge_chunks using gin (search_vector);

create table knowledge_gaps (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  assistant_id uuid not null,
  question text not null,
  normalized text not null,
  embedding double precision[] null,
  embedding_model text null,
  count integer not null default 0,
  status text not null default 'open',
  resolved_by_document_id uuid null references knowledge_documents(id) on delete set null,
  note text null,
  first_asked_at timestamptz not null default now(),
  last_asked_at timestamptz not null default now(),
  resolved_at timestamptz null,
  constraint knowledge_gaps_status_check check (status in ('open', 'resolved', 'dismissed'))
);
create index knowledge_gaps_assistant_idx on knowledge_gaps (tenant_id, assistant_id, status, count desc);

create table knowledge_gap_examples (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  gap_id uuid not null references knowledge_gaps(id) on delete cascade,
  conversation_id uuid null,
  message_id uuid null,
  question text not null,
  reason text not null,
  top_score double precision null,
  asked_at timestamptz not null default now()
);
create index knowledge_gap_examples_gap_idx on knowledge_gap_examples (gap_id, asked_at desc);

alter table messages add column citations jsonb not null default '[]';
alter table assistants add column retrieval jsonb not null default '{}';
alter table usage_records add column knowledge_base_id uuid null;
alter table usage_records add column document_id uuid null;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
alter table usage_records drop column if exists document_id;
alter table usage_records drop column if exists knowledge_base_id;
alter table assistants drop column if exists retrieval;
alter table messages drop column if exists citations;
drop table if exists knowledge_gap_examples;
drop table if exists knowledge_gaps;
drop table if exists knowledge_chunks;
drop table if exists knowledge_document_sources;
drop table if exists knowledge_documents;
drop table if exists knowledge_bases;
drop function if exists confab_heading_text(text[]);
`);
  }
}
