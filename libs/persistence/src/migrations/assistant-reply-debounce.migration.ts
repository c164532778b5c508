import { Migration } from '@mikro-orm/migrations';

/** An assistant's own burst window (null: the installation's REPLY_DEBOUNCE_MS; 0: always reply at once). */
export class Migration20261206010000AssistantReplyDebounce extends Migration {
  override name = 'Migration20261206010000AssistantReplyDebounce';

  override async up(): Promise<void> {
    this.addSql('alter table assistants add column reply_debounce_ms integer null check (reply_debounce_ms between 0 and 60000);');
  }

  override async down(): Promise<void> {
    this.addSql('alter table assistants drop column if exists reply_debounce_ms;');
  }
}
