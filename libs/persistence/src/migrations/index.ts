import { Migration20261125000000InitialSchema } from './initial-schema.migration';
import { Migration20261125010000ProviderEvents } from './provider-events.migration';
import { Migration20261125020000OutboundWebhooks } from './outbound-webhooks.migration';
import { Migration20261125030000Tasks } from './tasks.migration';
import { Migration20261125040000PluginDocuments } from './plugin-documents.migration';
import { Migration20261128000000Knowledge } from './knowledge.migration';
import { Migration20261128010000OutboxRetries } from './outbox-retries.migration';
import { Migration20261128020000Installation } from './installation.migration';
import { Migration20261206000000TenantRateLimits } from './tenant-rate-limits.migration';
import { Migration20261206000000Metrics } from './metrics.migration';
import { Migration20261206000000OneReplyPerTurn } from './one-reply-per-turn.migration';
import { Migration20261206000000OutboxQueue } from './outbox-queue.migration';
import { Migration20261206170000Exports } from './exports.migration';
import { Migration20261206100000Monitoring } from './monitoring.migration';
import { Migration20261206200000EarlyStatusReports } from './early-status-reports.migration';
import { Migration20261206100000Budgets } from './budgets.migration';
import { Migration20261206110000AlertRules } from './alert-rules.migration';
import { Migration20261206010000AssistantReplyDebounce } from './assistant-reply-debounce.migration';
import { Migration20261206200500Operators } from './operators.migration';
import { Migration20261206201500MessageSearch } from './message-search.migration';
import { Migration20261206230000MessageDeliveryId } from './message-delivery-id.migration';
import { Migration20261206235000AssistantEnabledDrafts } from './assistant-enabled-drafts.migration';

/** Listed explicitly so a bundled build (no migrations folder on disk) can migrate itself. Append only. */
export const migrationsList = [
  { name: 'Migration20261125000000InitialSchema', class: Migration20261125000000InitialSchema },
  { name: 'Migration20261125010000ProviderEvents', class: Migration20261125010000ProviderEvents },
  { name: 'Migration20261125020000OutboundWebhooks', class: Migration20261125020000OutboundWebhooks },
  { name: 'Migration20261125030000Tasks', class: Migration20261125030000Tasks },
  { name: 'Migration20261125040000PluginDocuments', class: Migration20261125040000PluginDocuments },
  { name: 'Migration20261128000000Knowledge', class: Migration20261128000000Knowledge },
  { name: 'Migration20261128010000OutboxRetries', class: Migration20261128010000OutboxRetries },
  { name: 'Migration20261128020000Installation', class: Migration20261128020000Installation },
  { name: 'Migration20261206000000TenantRateLimits', class: Migration20261206000000TenantRateLimits },
  { name: 'Migration20261206000000Metrics', class: Migration20261206000000Metrics },
  { name: 'Migration20261206000000OneReplyPerTurn', class: Migration20261206000000OneReplyPerTurn },
  { name: 'Migration20261206000000OutboxQueue', class: Migration20261206000000OutboxQueue },
  { name: 'Migration20261206170000Exports', class: Migration20261206170000Exports },
  { name: 'Migration20261206100000Monitoring', class: Migration20261206100000Monitoring },
  { name: 'Migration20261206200000EarlyStatusReports', class: Migration20261206200000EarlyStatusReports },
  { name: 'Migration20261206100000Budgets', class: Migration20261206100000Budgets },
  { name: 'Migration20261206110000AlertRules', class: Migration20261206110000AlertRules },
  { name: 'Migration20261206010000AssistantReplyDebounce', class: Migration20261206010000AssistantReplyDebounce },
  { name: 'Migration20261206200500Operators', class: Migration20261206200500Operators },
  { name: 'Migration20261206201500MessageSearch', class: Migration20261206201500MessageSearch },
  { name: 'Migration20261206230000MessageDeliveryId', class: Migration20261206230000MessageDeliveryId },
  { name: 'Migration20261206235000AssistantEnabledDrafts', class: Migration20261206235000AssistantEnabledDrafts },
];
