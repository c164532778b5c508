import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { OpeningHoursSettings, OpeningHoursToolModule } from '@confab/example-tool-opening-hours';
import { TelegramChannelModule } from '@confab/example-channel-telegram';
import { enabledPluginModules } from './plugins';

const base = { plugins: null, httpToolsAllowedHosts: undefined, outboundAllowedHosts: undefined, publicUrl: 'http://localhost:3000', secretsKey: Buffer.alloc(32), widgetBundleDir: undefined } as Parameters<typeof enabledPluginModules>[0];
const moduleOf = (plugin: Type | DynamicModule) => ('module' in plugin ? plugin.module : plugin);

describe('the plugin list', () => {
  it('leaves the example plugins out by default and loads them when CONFAB_PLUGINS names them', () => {
    const byDefault = enabledPluginModules(base).map(moduleOf);
    expect(byDefault.length).toBeGreaterThan(5);
    expect(byDefault).not.toContain(OpeningHoursToolModule);
    expect(byDefault).not.toContain(TelegramChannelModule);
    const named = enabledPluginModules({ ...base, plugins: ['example-channel-telegram', 'example-tool-opening-hours'] }).map(moduleOf);
    // Both declare settings: the module providing a plugin's settings loads just before the plugin.
    expect(named).toEqual([expect.anything(), TelegramChannelModule, expect.anything(), OpeningHoursToolModule]);
  });

  it("provides a harness's plugin its declared settings: defaults, under what the test gives", async () => {
    const loaded = enabledPluginModules({ ...base, pluginModules: [OpeningHoursToolModule.forRoot({ allowedHosts: [] })], pluginSettings: { 'example-tool-opening-hours': { fetchTimeoutMs: 250 } } });
    expect(loaded.map(moduleOf)).toEqual([expect.anything(), OpeningHoursToolModule]);
    const ref = await Test.createTestingModule({ imports: loaded }).compile();
    expect(ref.get(OpeningHoursSettings.token)).toEqual({ fetchTimeoutMs: 250 });
    const defaults = await Test.createTestingModule({ imports: enabledPluginModules({ ...base, pluginModules: [OpeningHoursToolModule.forRoot({ allowedHosts: [] })] }) }).compile();
    expect(defaults.get(OpeningHoursSettings.token)).toEqual({ fetchTimeoutMs: 4000 });
  });

  it('loads exactly the given modules when a plugin set is passed in (a plugin e2e harness)', () => {
    @Module({})
    class OnlyThis {}
    expect(enabledPluginModules({ ...base, plugins: ['channel-api'], pluginModules: [OnlyThis] })).toEqual([OnlyThis]);
  });
});
