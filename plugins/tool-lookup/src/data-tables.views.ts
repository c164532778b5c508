import { ApiProperty, ApiPropertyOptional, type SchemaObject } from '@nestjs/swagger';
import { COLUMN_TYPES } from './data-table';

export class DataTableColumnView {
  @ApiProperty({ example: 'order_id' }) name!: string;
  @ApiProperty({ enum: COLUMN_TYPES }) type!: string;
}

export class DataTableView {
  @ApiProperty({ example: 'orders', description: "The table's name, also its id in URLs" }) name!: string;
  @ApiProperty({ type: DataTableColumnView, isArray: true }) columns!: DataTableColumnView[];
  @ApiPropertyOptional({ example: 'order_id', description: 'The column that identifies a row (upserts replace by it); absent when the table has none' }) key?: string;
  @ApiProperty({ type: 'integer', example: 120, description: 'Rows stored now' }) rowCount!: number;
  @ApiProperty({ type: String, format: 'date-time', description: 'When the table was created or last loaded' }) updatedAt!: string;
}

/**
 * One stored row: every column of the table, by name, with its typed value (a date column holds 'YYYY-MM-DD' or an
 * ISO time; an empty cell is null). Columns differ per table, so the row is an open object.
 */
export const DATA_ROWS_SCHEMA: SchemaObject = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: { nullable: true, oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    example: { order_id: 'A-1001', status: 'shipped', total: 42.5, paid: true, shipped_on: '2026-03-02' },
    description: "A row: each of the table's columns by name, with its typed value, or null for an empty cell",
  },
};
