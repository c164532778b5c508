import { Module } from '@nestjs/common';
import { DataTablesController } from './data-tables.controller';
import { DataTablesService } from './data-tables.service';
import { LookupRecordsTool } from './lookup-records.tool';

@Module({ controllers: [DataTablesController], providers: [DataTablesService, LookupRecordsTool] })
export class LookupToolModule {}
