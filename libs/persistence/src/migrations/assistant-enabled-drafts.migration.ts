import { Migration } from '@mikro-orm/migrations';

/**
 * An assistant can be switched off without deleting it (its channels stay connected but get no AI replies), and a
 * test chat can carry an unsaved draft of its assistant's settings, so the dashboard's "try it" never persists it.
 */
export class Migration20261206235000AssistantEnabledDrafts extends Migration {
  override name = 'Migration20261206235000AssistantEnabledDrafts';

  override async up(): Promise<void> {
    this.addSql('alter table assistants add column enabled boolean not null default true;');
    this.addSql('alter table conversations add column assistant_draft jsonb null;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table conversations drop column if exists assistant_draft;');
    this.addSql('alter table assistants drop column if exists enabled;');
  }
}
