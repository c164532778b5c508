import { Migration } from '@mikro-orm/migrations';

/** A tenant's own rate limits (null: the installation's RATE_LIMIT_* defaults), set by the platform admin. */
export class Migration20261206000000TenantRateLimits extends Migration {
  override name = 'Migration20261206000000TenantRateLimits';

  override async up(): Promise<void> {
    this.addSql('alter table tenants add column rate_limits jsonb null;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table tenants drop column if exists rate_limits;');
  }
}
