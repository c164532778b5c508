import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import type { ConversationFilter } from '@confab/conversations';
import { exportChunks, rowWriter, type FormatOptions } from './format/row-writers';
import { COLUMNS, type ExportLevel } from './query/export-columns';
import { EXPORTS_OPTIONS, type ExportsOptions } from './exports.options';
import { countRows, exportStatement, streamBatches } from './query/export-query';

export interface ExportRequest {
  level: ExportLevel;
  filter: ConversationFilter;
  format: FormatOptions;
}

/** Splits the request's parameters into the list's filter and the file's format (defaults: CSV, comma, no BOM). */
export function exportRequest(level: ExportLevel, params: ConversationFilter & Partial<FormatOptions> & { level?: unknown }): ExportRequest {
  const { format, delimiter, bom, level: _level, ...filter } = params;
  return { level, filter, format: { format: format ?? 'csv', delimiter: delimiter ?? ',', bom: bom ?? false } };
}

export function contentType(format: FormatOptions['format']): string {
  return format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/x-ndjson; charset=utf-8';
}

export function fileName(level: ExportLevel, format: FormatOptions['format'], at = new Date()): string {
  return `${level}-${at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.${format}`;
}

/** Builds export files as pulled streams of text, in the tenant's context. */
@Injectable()
export class ExportService {
  constructor(
    private readonly db: Db,
    @Inject(EXPORTS_OPTIONS) private readonly options: Pick<ExportsOptions, 'batchRows'>,
  ) {}

  async chunks(tenantId: string, request: ExportRequest, onProgress?: (rowsDone: number) => void): Promise<AsyncGenerator<string>> {
    const em = this.db.forTenant(tenantId);
    const statement = await exportStatement(em, tenantId, request.level, request.filter, request.format.format);
    return exportChunks(streamBatches(em, statement, this.options.batchRows), rowWriter(COLUMNS[request.level], request.format), onProgress);
  }

  async count(tenantId: string, request: ExportRequest): Promise<number> {
    const em = this.db.forTenant(tenantId);
    return countRows(em, await exportStatement(em, tenantId, request.level, request.filter));
  }
}
