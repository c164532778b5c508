import { Migration } from '@mikro-orm/migrations';

/** One row naming this installation, so installations sharing a Redis keep their queues apart. */
export class Migration20261128020000Installation extends Migration {
  override name = 'Migration20261128020000Installation';

  override async up(): Promise<void> {
    this.addSql(`
create table installation (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz not null default now(),
  singleton boolean not null default true unique check (singleton)
);
insert into installation default values;
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists installation;');
  }
}
