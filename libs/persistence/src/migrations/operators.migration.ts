import { Migration } from '@mikro-orm/migrations';

/**
 * Dashboard sign-in: operator accounts (one email per installation, since sign-in names no tenant), their
 * server-side sessions (only a hash of the cookie's token is kept), and who took a conversation over.
 */
export class Migration20261206200500Operators extends Migration {
  override name = 'Migration20261206200500Operators';

  override async up(): Promise<void> {
    this.addSql(`
create table operators (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  email text not null,
  name text not null,
  role text not null,
  password_hash text null,
  failed_attempts integer not null default 0,
  failures_since timestamptz null,
  locked_until timestamptz null,
  invite_token_hash text null,
  invite_expires_at timestamptz null,
  created_at timestamptz not null default now(),
  last_sign_in_at timestamptz null,
  constraint operators_role_check check (role in ('admin', 'agent', 'viewer'))
);
create unique index operators_email_unique on operators (lower(email));
create unique index operators_invite_token_unique on operators (invite_token_hash) where invite_token_hash is not null;
create index operators_tenant_idx on operators (tenant_id, created_at);

create table operator_sessions (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  operator_id uuid not null references operators(id) on delete cascade,
  token_hash text not null,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  idle_expires_at timestamptz not null,
  expires_at timestamptz not null
);
create unique index operator_sessions_token_unique on operator_sessions (token_hash);
create index operator_sessions_operator_idx on operator_sessions (operator_id);
-- The idle expiry never passes the absolute one, so it alone says when a session is dead (and may be deleted).
create index operator_sessions_expiry_idx on operator_sessions (idle_expires_at);

alter table conversations add column handed_over_by_operator_id uuid null;
alter table conversations add column handed_over_by_name text null;
`);
  }

  override async down(): Promise<void> {
    this.addSql('alter table conversations drop column if exists handed_over_by_name;');
    this.addSql('alter table conversations drop column if exists handed_over_by_operator_id;');
    this.addSql('drop table if exists operator_sessions;');
    this.addSql('drop table if exists operators;');
  }
}
