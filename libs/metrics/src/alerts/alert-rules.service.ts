import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { NotFound } from '@confab/plugin-sdk';
import type { AlertEventView, AlertRuleView, CreateAlertRuleDto, UpdateAlertRuleDto } from './alert-rules.dto';

export interface AlertRuleRow {
  id: string;
  tenant_id: string;
  name: string;
  metric: string;
  threshold: string;
  window_minutes: number;
  assistant_id: string | null;
  channel: string | null;
  enabled: boolean;
  state: 'ok' | 'firing';
  last_value: string | null;
  last_evaluated_at: Date | null;
  created_at: Date;
}

/** The tenant's alert rules and their history; evaluation is the AlertEvaluator's. */
@Injectable()
export class AlertRulesService {
  constructor(private readonly db: Db) {}

  async create(tenantId: string, dto: CreateAlertRuleDto): Promise<AlertRuleView> {
    if (dto.assistantId) await this.assertAssistant(tenantId, dto.assistantId);
    const id = randomUUID();
    await this.db.forTenant(tenantId).execute(
      `insert into alert_rules (id, tenant_id, name, metric, threshold, window_minutes, assistant_id, channel, enabled) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, tenantId, dto.name, dto.metric, dto.threshold, dto.windowMinutes, dto.assistantId ?? null, dto.channel ?? null, dto.enabled ?? true],
      'run',
    );
    return this.get(tenantId, id);
  }

  async list(tenantId: string): Promise<AlertRuleView[]> {
    const rows = await this.db.forTenant(tenantId).execute<AlertRuleRow[]>('select * from alert_rules where tenant_id = ? order by created_at, id', [tenantId]);
    return rows.map(ruleView);
  }

  async get(tenantId: string, id: string): Promise<AlertRuleView> {
    const [row] = await this.db.forTenant(tenantId).execute<AlertRuleRow[]>('select * from alert_rules where tenant_id = ? and id = ?', [tenantId, id]);
    if (!row) throw new NotFound('alert rule', id);
    return ruleView(row);
  }

  /** A changed rule keeps its state; the next evaluation judges it by the new threshold and window. */
  async update(tenantId: string, id: string, dto: UpdateAlertRuleDto): Promise<AlertRuleView> {
    const res = await this.db.forTenant(tenantId).execute<{ affectedRows?: number }>(
      `update alert_rules set name = coalesce(?, name), threshold = coalesce(?, threshold), window_minutes = coalesce(?, window_minutes),
              enabled = coalesce(?, enabled), updated_at = now() where tenant_id = ? and id = ?`,
      [dto.name ?? null, dto.threshold ?? null, dto.windowMinutes ?? null, dto.enabled ?? null, tenantId, id],
      'run',
    );
    if (!res.affectedRows) throw new NotFound('alert rule', id);
    return this.get(tenantId, id);
  }

  async remove(tenantId: string, id: string): Promise<void> {
    const res = await this.db.forTenant(tenantId).execute<{ affectedRows?: number }>('delete from alert_rules where tenant_id = ? and id = ?', [tenantId, id], 'run');
    if (!res.affectedRows) throw new NotFound('alert rule', id);
  }

  async history(tenantId: string, id: string): Promise<AlertEventView[]> {
    await this.get(tenantId, id);
    const rows = await this.db.forTenant(tenantId).execute<{ id: string; state: string; value: string; threshold: string; at: Date }[]>(
      'select id, state, value, threshold, at from alert_events where tenant_id = ? and rule_id = ? order by at desc, id limit 500', [tenantId, id],
    );
    return rows.map((r) => ({ id: r.id, state: r.state, value: Number(r.value), threshold: Number(r.threshold), at: new Date(r.at) }));
  }

  /** Another tenant's assistant, or a deleted one, is not found here. */
  private async assertAssistant(tenantId: string, assistantId: string): Promise<void> {
    const rows = await this.db.forTenant(tenantId).execute('select 1 from assistants where tenant_id = ? and id = ? and deleted_at is null', [tenantId, assistantId]);
    if (!rows.length) throw new NotFound('assistant', assistantId);
  }
}

export function ruleView(row: AlertRuleRow): AlertRuleView {
  return {
    id: row.id, name: row.name, metric: row.metric, threshold: Number(row.threshold), windowMinutes: row.window_minutes,
    assistantId: row.assistant_id, channel: row.channel, enabled: row.enabled, state: row.state,
    lastValue: row.last_value === null ? null : Number(row.last_value), lastEvaluatedAt: row.last_evaluated_at ? new Date(row.last_evaluated_at) : null,
    createdAt: new Date(row.created_at),
  };
}
