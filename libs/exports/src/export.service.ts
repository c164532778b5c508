import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Db } from '@confab/persistence';
import type { ConversationFilter } from '@confab/conversations';
import type { FormatOptions } from './format/format-options';
import type { ExportLevel } from './query/export-columns';
import { EXPORTS_OPTIONS, type ExportsOptions } from './exports.options';
import { countRows, exportStatement, inlineStatement } from './query/export-query';
import { copyOut, type ChunkPool } from './query/copy-out';

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

const sqlString = (s: string) => `E'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\t/g, '\\t')}'`;

/** The COPY statement for a request: PostgreSQL writes the CSV (quoting, delimiter, header) or the JSON lines itself. */
function copySql(em: EntityManager, statement: Awaited<ReturnType<typeof exportStatement>>, format: FormatOptions): string {
  const select = inlineStatement(em, statement);
  if (format.format === 'csv') return `copy (${select}) to stdout with (format csv, header true, delimiter ${sqlString(format.delimiter)})`;
  // A JSON text never holds a raw control character, so with these as quote and delimiter COPY never quotes it.
  return `copy (${select}) to stdout with (format csv, header false, quote E'\\x01', delimiter E'\\x02')`;
}

/**
 * Builds export files as pulled streams of bytes, in the tenant's context. The rows come from a COPY of the
 * list's filtered statement on a connection of the exports' own small pool, so a long export never holds one of
 * the ORM's connections, and a few parallel exports cannot starve the API.
 */
@Injectable()
export class ExportService implements OnApplicationShutdown {
  private readonly pool: Pool;
  private readonly logger = new Logger('Exports');
  private readonly unansweredAfterMs?: number;

  constructor(
    private readonly db: Db,
    @Inject(EXPORTS_OPTIONS) options: Pick<ExportsOptions, 'databaseUrl' | 'unansweredAfterMs'>,
  ) {
    this.unansweredAfterMs = options.unansweredAfterMs;
    this.pool = new Pool({ connectionString: options.databaseUrl, max: 4 });
    this.pool.on('error', (err) => this.logger.warn({ msg: 'An idle export database connection was lost', error: err.message }));
  }

  /** `chunkPool`: where the chunks come from, for a consumer that gives each back once written (see ChunkPool). */
  async chunks(tenantId: string, request: ExportRequest, onProgress?: (rowsDone: number) => void, chunkPool?: ChunkPool): Promise<AsyncGenerator<Buffer>> {
    const em = this.db.forTenant(tenantId) as EntityManager;
    const statement = await exportStatement(em, tenantId, request.level, this.filterOf(request), request.format.format === 'csv' ? 'copy-csv' : 'copy-jsonl');
    const sql = copySql(em, statement, request.format);
    const pool = this.pool;
    const csv = request.format.format === 'csv';
    async function* file(): AsyncGenerator<Buffer> {
      const client = await pool.connect();
      let complete = false;
      try {
        yield* copyOut(client, sql, { lineEnd: csv ? '\r\n' : '\n', header: csv, prefix: csv && request.format.bom ? '\uFEFF' : '', pool: chunkPool }, onProgress);
        complete = true;
      } finally {
        // Stopped mid-COPY (a client gone, an error): the connection is unusable, so it is closed, not returned.
        client.release(complete ? undefined : true);
      }
    }
    return file();
  }

  async count(tenantId: string, request: ExportRequest): Promise<number> {
    const em = this.db.forTenant(tenantId);
    return countRows(em, await exportStatement(em, tenantId, request.level, this.filterOf(request)));
  }

  /** The request's filter with the server's unanswered threshold, so an export selects what the list shows. */
  private filterOf(request: ExportRequest): ExportRequest['filter'] {
    return { ...request.filter, unansweredAfterMs: this.unansweredAfterMs };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
