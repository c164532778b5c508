import { Module } from '@nestjs/common';
import { HandoffTool } from './handoff.tool';

/** Loading this module is all it takes: the plugin registry discovers the @Tool provider. */
@Module({ providers: [HandoffTool], exports: [HandoffTool] })
export class HandoffToolModule {}
