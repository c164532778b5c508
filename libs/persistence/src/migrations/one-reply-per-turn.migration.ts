import { Migration } from '@mikro-orm/migrations';

/**
 * A customer message starts at most one model-written reply. The reply transaction already claims its messages
 * under lock; this index is the last line should any path (a recovered job, a second worker) get past that. Fallback
 * replies (the offline responder) are left out: a message that got one may be retried by hand and then answered.
 */
export class Migration20261206000000OneReplyPerTurn extends Migration {
  override name = 'Migration20261206000000OneReplyPerTurn';

  override async up(): Promise<void> {
    this.addSql(`
create unique index messages_one_reply_per_turn on messages (in_reply_to_message_id)
  where author = 'assistant' and in_reply_to_message_id is not null and (metadata->>'fallback') is null;
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists messages_one_reply_per_turn;');
  }
}
