import { ApiProperty } from '@nestjs/swagger';
import { EXPORT_STATUSES, type ExportStatus } from '../jobs/export-job.entity';
import { EXPORT_LEVELS, type ExportLevel } from '../query/export-columns';
import { EXPORT_FORMATS, type ExportFormat } from '../format/format-options';

export class CreatedExportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
}

export class ExportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: EXPORT_LEVELS }) level!: ExportLevel;
  @ApiProperty({ enum: EXPORT_FORMATS }) format!: ExportFormat;
  @ApiProperty({ enum: EXPORT_STATUSES }) status!: ExportStatus;
  @ApiProperty({ example: 12000, description: 'Rows written so far' }) rowsDone!: number;
  @ApiProperty({ type: Number, nullable: true, example: 50000, description: 'Rows counted when the job started (null until then)' }) rowsTotal!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Size of the finished file' }) bytes!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Signed link to the file, usable without an API key until expiresAt' }) downloadUrl!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: Date | null;
}
