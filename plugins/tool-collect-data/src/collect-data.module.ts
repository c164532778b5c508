import { Module } from '@nestjs/common';
import { CollectDataTool } from './collect-data.tool';

/** Loading this module is all it takes: the plugin registry discovers the @Tool provider. */
@Module({ providers: [CollectDataTool], exports: [CollectDataTool] })
export class CollectDataToolModule {}
