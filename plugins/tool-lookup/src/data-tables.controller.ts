import { Body, Controller, Get, HttpCode, Param, Put, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsOptional, Matches, ValidateNested } from 'class-validator';
import type { Request } from 'express';
import { CurrentAuth, ValidationFailed, type AuthContext } from '@confab/plugin-sdk';
import { COLUMN_TYPES, type ColumnType } from './data-table';
import { parseCsv } from './csv';
import { DataTablesService } from './data-tables.service';
import { DATA_ROWS_SCHEMA, DataTableView } from './data-tables.views';

class ColumnDto {
  @ApiProperty() @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, { message: 'column names are letters, digits and _' }) name!: string;
  @ApiProperty({ enum: COLUMN_TYPES }) @IsIn(COLUMN_TYPES) type!: ColumnType;
}

export class CreateDataTableDto {
  @ApiProperty({ example: 'orders' }) @Matches(/^[a-z][a-z0-9_]{0,62}$/, { message: 'name must be snake_case' }) name!: string;
  @ApiProperty({ type: ColumnDto, isArray: true }) @IsArray() @ArrayNotEmpty() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ColumnDto) columns!: ColumnDto[];
  @ApiPropertyOptional({ example: 'order_id' }) @IsOptional() @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/) key?: string;
}

@ApiTags('Data tables')
@ApiBearerAuth()
@Controller('api/v1/data-tables')
export class DataTablesController {
  constructor(private readonly tables: DataTablesService) {}

  @Post()
  @ApiCreatedResponse({ type: DataTableView, description: 'The new, empty table; load rows with PUT /api/v1/data-tables/{name}/rows' })
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateDataTableDto): Promise<DataTableView> {
    return this.tables.create(auth.tenantId, dto);
  }

  @Get()
  @ApiOkResponse({ type: DataTableView, isArray: true })
  list(@CurrentAuth() auth: AuthContext): Promise<DataTableView[]> {
    return this.tables.tables(auth.tenantId);
  }

  @Get(':name/rows')
  @ApiOkResponse({ schema: DATA_ROWS_SCHEMA, description: 'Every stored row of the table' })
  rows(@CurrentAuth() auth: AuthContext, @Param('name') name: string) {
    return this.tables.rows(auth.tenantId, name);
  }

  /** Rows as a JSON array or CSV (content-type text/csv); ?mode=replace (default) or upsert (by the key column). */
  @Put(':name/rows')
  @HttpCode(200)
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({ description: 'JSON array of row objects, or CSV text with a header line (content-type: text/csv)' })
  @ApiQuery({ name: 'mode', required: false, enum: ['replace', 'upsert'], description: 'replace (default): the load becomes the whole data set; upsert: rows replace those with the same key' })
  @ApiOkResponse({ type: DataTableView, description: 'The table with its new row count' })
  async load(@CurrentAuth() auth: AuthContext, @Param('name') name: string, @Query('mode') mode: string | undefined, @Req() req: Request): Promise<DataTableView> {
    if (mode !== undefined && mode !== 'replace' && mode !== 'upsert') throw new ValidationFailed("mode must be 'replace' or 'upsert'", 'mode');
    const csv = String(req.headers['content-type'] ?? '').startsWith('text/csv');
    const rows = csv ? parseCsv(String(req.body ?? '')) : req.body;
    if (!Array.isArray(rows)) throw new ValidationFailed('Send the rows as a JSON array of objects, or as CSV with content-type text/csv', 'rows');
    return this.tables.load(auth.tenantId, name, rows, (mode as 'replace' | 'upsert') ?? 'replace');
  }
}
