export { HandoffToolModule } from './handoff.module';
export { HandoffTool, HANDOFF_INSTRUCTION, type HandoffArgs } from './handoff.tool';
export { HandoffConfig, DEFAULT_HANDOFF_MESSAGE } from './handoff.config';
