import { Test } from '@nestjs/testing';
import { PluginRegistry, PluginRegistryModule } from '@confab/plugin-sdk';
import { CollectDataToolModule } from './collect-data.module';

describe('CollectDataToolModule', () => {
  it('is discovered by the plugin registry when loaded next to it', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [PluginRegistryModule, CollectDataToolModule] }).compile();
    await moduleRef.init();
    const tools = await moduleRef.get(PluginRegistry).tools('t1');
    expect(tools.map((t) => t.options.name)).toEqual(['collect_data']);
    await moduleRef.close();
  });
});
