import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ListConversationsQueryDto } from '@confab/conversations';
import { EXPORT_FORMATS, type ExportFormat } from '../format/format-options';
import type { CsvDelimiter } from '../format/format-options';
import { EXPORT_LEVELS, type ExportLevel } from '../query/export-columns';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value);
// A tab is awkward to put in a URL; the word works too.
const toDelimiter = ({ value }: { value: unknown }) => (value === 'tab' ? '\t' : value);

/**
 * Exactly the conversations list's filters (inherited, so a filter added to the list is accepted here too)
 * without its paging, plus the file's format.
 */
export class ExportQueryDto extends OmitType(ListConversationsQueryDto, ['limit', 'cursor'] as const) {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' }) @IsOptional() @IsIn(EXPORT_FORMATS) format?: ExportFormat;
  @ApiPropertyOptional({ enum: [',', ';', 'tab'], default: ',', description: "CSV only; ';' for German Excel" })
  @IsOptional() @Transform(toDelimiter) @IsIn([',', ';', '\t'], { message: "delimiter must be ',', ';' or 'tab'" }) delimiter?: CsvDelimiter;
  @ApiPropertyOptional({ default: false, description: 'CSV only: start with a UTF-8 byte-order mark (Excel)' })
  @IsOptional() @Transform(toBoolean) @IsBoolean() bom?: boolean;
}

export class CreateExportDto extends ExportQueryDto {
  @ApiProperty({ enum: EXPORT_LEVELS, description: 'One row per conversation, message or tool call' })
  @IsIn(EXPORT_LEVELS) level!: ExportLevel;
}
