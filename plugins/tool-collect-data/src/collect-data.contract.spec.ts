import { describeToolContract } from '@confab/plugin-sdk/testing';
import { CollectDataTool } from './collect-data.tool';

describeToolContract('collect_data', () => ({
  plugin: new CollectDataTool(),
  config: { fields: [{ key: 'email', type: 'email', required: true }, { key: 'phone', type: 'phone', defaultCountry: 'DE' }] },
  sampleArgs: { email: 'ana@example.org' },
}));
