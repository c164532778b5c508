import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { BigIntType } from '@mikro-orm/core';
import { TenantScoped } from '@confab/persistence';
import type { ExportFormat } from '../format/format-options';
import type { ExportLevel } from '../query/export-columns';

export const EXPORT_STATUSES = ['queued', 'running', 'done', 'failed', 'expired'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** A background export: its parameters, progress for the dashboard's bar, and the file once written. */
@Entity({ tableName: 'exports' })
@TenantScoped()
export class ExportJob {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'text' }) level!: ExportLevel;
  @Property({ type: 'text' }) format!: ExportFormat;
  /** The request's filters and CSV options, as given. */
  @Property({ type: 'jsonb' }) params: Record<string, unknown> = {};
  @Property({ type: 'text' }) status: ExportStatus = 'queued';
  @Property({ type: 'integer' }) rowsDone = 0;
  /** Counted when the job starts; rows added while it runs may make the final count differ a little. */
  @Property({ type: 'integer', nullable: true }) rowsTotal?: number | null;
  @Property({ type: new BigIntType('number'), nullable: true }) bytes?: number | null;
  @Property({ type: 'text', nullable: true }) filePath?: string | null;
  @Property({ type: 'text', nullable: true }) error?: string | null;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'timestamptz', nullable: true }) startedAt?: Date | null;
  @Property({ type: 'timestamptz', nullable: true }) finishedAt?: Date | null;
  /** When the download link stops working and the sweeper deletes the file. */
  @Property({ type: 'timestamptz', nullable: true }) expiresAt?: Date | null;
}
