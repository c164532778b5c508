import { describeToolContract } from '@confab/plugin-sdk/testing';
import { HandoffTool } from './handoff.tool';

describeToolContract('handoff_to_human', () => ({
  plugin: new HandoffTool(),
  config: {},
  sampleArgs: { reason: 'The customer asked for a person', summary: 'Wants a refund for order A-1' },
}));
