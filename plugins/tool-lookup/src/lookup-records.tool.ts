import { Injectable } from '@nestjs/common';
import { ArrayNotEmpty, IsArray, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Tool, type ToolContext, type ToolDescription, type ToolPlugin, type ToolResult } from '@confab/plugin-sdk';
import { DataTablesService } from './data-tables.service';

export class LookupRecordsConfig {
  @Matches(/^[a-z][a-z0-9_]{0,62}$/, { message: 'table must be the name of a data table' }) table!: string;
  @IsArray() @ArrayNotEmpty() @IsString({ each: true }) searchColumns!: string[];
  @IsOptional() @IsInt() @Min(1) @Max(50) maxRows?: number;
}

interface LookupArgs {
  query: string;
  column?: string;
  mode?: 'exact' | 'prefix' | 'contains';
}

/** Finds rows of a tenant's own data ("where is my order A-1001") by exact match, prefix or text search. */
@Tool({ name: 'lookup_records', risk: 'read', timeoutMs: 5_000, configSchema: LookupRecordsConfig })
@Injectable()
export class LookupRecordsTool implements ToolPlugin<LookupArgs, LookupRecordsConfig> {
  readonly description = "Look up records in the business's own data by a value the customer gave.";
  readonly parameters = {
    type: 'object' as const,
    properties: { query: { type: 'string', minLength: 1 }, column: { type: 'string' }, mode: { type: 'string', enum: ['exact', 'prefix', 'contains'] } },
    required: ['query'],
    additionalProperties: false,
  };

  constructor(private readonly tables: DataTablesService) {}

  describe(config: LookupRecordsConfig): ToolDescription {
    return {
      description: `Look up records in the '${config.table}' table by ${config.searchColumns.join(', ')}. Try an exact value first; use mode 'contains' for partial text.`,
      parameters: { ...this.parameters, properties: { ...this.parameters.properties, column: { type: 'string', enum: config.searchColumns } } },
    };
  }

  async execute(args: LookupArgs, ctx: ToolContext<LookupRecordsConfig>): Promise<ToolResult> {
    const { table, searchColumns, maxRows = 5 } = ctx.config;
    const columns = args.column ? [args.column] : searchColumns;
    if (columns.some((c) => !searchColumns.includes(c))) return { content: { error: `Search only in: ${searchColumns.join(', ')}` }, isError: true, validation: 'invalid' };
    // Exact first, then (unless a mode was asked for) a contains search, so "A1001" still finds "A-1001"-less typos.
    const modes = args.mode ? [args.mode] : (['exact', 'contains'] as const);
    for (const mode of modes) {
      for (const column of columns) {
        const rows = await this.tables.search(ctx.tenantId, table, { field: column, mode, value: args.query.trim() }, maxRows + 1);
        if (rows.length) return { content: { found: Math.min(rows.length, maxRows), more: rows.length > maxRows, rows: rows.slice(0, maxRows), matchedOn: column, mode }, validation: 'ok' };
      }
    }
    return { content: { found: 0, rows: [], message: `Nothing in ${table} matches '${args.query}'` }, validation: 'ok' };
  }
}
