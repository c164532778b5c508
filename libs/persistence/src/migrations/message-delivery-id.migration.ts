import { Migration } from '@mikro-orm/migrations';

/**
 * Inbound messages keep the delivery's idempotency key (e.g. Telegram's update_id) apart from the message reference
 * (provider_message_id), which quotes, edits and reactions name. Null when the channel dedupes by the reference.
 */
export class Migration20261206230000MessageDeliveryId extends Migration {
  override name = 'Migration20261206230000MessageDeliveryId';

  override async up(): Promise<void> {
    this.addSql('alter table messages add column delivery_id text null;');
    // A redelivery under the same key is a no-op; two racing ones meet here and the loser reads the winner's row.
    this.addSql(`create unique index messages_delivery_id_unique on messages (connection_id, direction, delivery_id)
  where delivery_id is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists messages_delivery_id_unique;');
    this.addSql('alter table messages drop column if exists delivery_id;');
  }
}
