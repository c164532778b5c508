import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { appendEvents, Db } from '@confab/persistence';
import { AlertStateChanged } from './alert.events';
import { metricQuery } from './alert-metric-queries';
import type { AlertMetric } from './alert-rules.dto';
import type { AlertRuleRow } from './alert-rules.service';

/** Rules evaluated per round; more are left for the next round (oldest evaluation first). */
const RULES_PER_ROUND = 1000;

/**
 * Evaluates every enabled rule: its metric over the sliding window, compared with the threshold (firing above it).
 * A change of state is stored with the rule, in the history and in the event log, in one transaction guarded by
 * the state it read, so two evaluators racing each other record a change once, and the webhook follows the log.
 */
@Injectable()
export class AlertEvaluator {
  private readonly logger = new Logger('AlertEvaluator');

  constructor(private readonly db: Db) {}

  async evaluateAll(): Promise<{ evaluated: number; changed: number }> {
    // Platform-level on purpose: the round covers every tenant's rules; each rule is then read in its tenant.
    const rules = await this.db.platform().execute<AlertRuleRow[]>(
      'select * from alert_rules where enabled order by last_evaluated_at nulls first limit ?', [RULES_PER_ROUND],
    );
    let changed = 0;
    for (const rule of rules) {
      try {
        if (await this.evaluate(rule)) changed += 1;
      } catch (err) {
        // One broken rule must not stop the others.
        this.logger.warn({ msg: 'Alert rule could not be evaluated', ruleId: rule.id, tenantId: rule.tenant_id, error: (err as Error).message });
      }
    }
    return { evaluated: rules.length, changed };
  }

  private async evaluate(rule: AlertRuleRow): Promise<boolean> {
    const { sql, params } = metricQuery(rule.metric as AlertMetric, {
      tenantId: rule.tenant_id, windowMinutes: rule.window_minutes, assistantId: rule.assistant_id, channel: rule.channel,
    });
    const [row] = await this.db.forTenant(rule.tenant_id).execute<{ value: string | number }[]>(sql, params);
    const value = Math.round(Number(row?.value ?? 0) * 1e6) / 1e6;
    const threshold = Number(rule.threshold);
    const next = value > threshold ? 'firing' : 'ok';
    return this.db.transaction(rule.tenant_id, async (tx) => {
      const res = await tx.execute<{ affectedRows?: number }>(
        `update alert_rules set state = ?, last_value = ?, last_evaluated_at = now() where id = ? and state = ?`,
        [next, value, rule.id, rule.state],
        'run',
      );
      if (!res.affectedRows || next === rule.state) return false;
      const state = next === 'firing' ? 'firing' : 'resolved';
      const eventId = randomUUID();
      const at = new Date();
      await tx.execute(
        'insert into alert_events (id, tenant_id, rule_id, state, value, threshold, at) values (?, ?, ?, ?, ?, ?, ?)',
        [eventId, rule.tenant_id, rule.id, state, value, threshold, at],
        'run',
      );
      appendEvents(tx, new AlertStateChanged(
        rule.tenant_id, rule.id, eventId, rule.name, rule.metric, state, value, threshold, rule.window_minutes, rule.assistant_id, rule.channel, at.toISOString(),
      ));
      this.logger.log({ msg: `Alert ${state}`, ruleId: rule.id, tenantId: rule.tenant_id, metric: rule.metric, value, threshold });
      return true;
    });
  }
}
