import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { TenantScoped } from '@confab/persistence';
import type { TaskKind } from '@confab/plugin-sdk';

export type TaskStatus = 'open' | 'done' | 'cancelled';

@Entity({ tableName: 'tasks' })
@TenantScoped()
export class Task {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid', nullable: true }) conversationId?: string | null;
  @Property({ type: 'text' }) kind!: TaskKind;
  @Property({ type: 'text' }) status: TaskStatus = 'open';
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'jsonb' }) details: Record<string, unknown> = {};
  @Property({ type: 'timestamptz', nullable: true }) dueAt?: Date | null;
  /** 'tool:<name>' or 'agent'. */
  @Property({ type: 'text' }) createdBy!: string;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'timestamptz', nullable: true }) closedAt?: Date | null;
}
