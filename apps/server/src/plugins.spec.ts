import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { OpeningHoursToolModule } from '@confab/example-tool-opening-hours';
import { TelegramChannelModule } from '@confab/example-channel-telegram';
import { enabledPluginModules } from './plugins';

const base = { plugins: null, whatsapp: {}, httpToolsAllowedHosts: undefined, outboundAllowedHosts: undefined, publicUrl: 'http://localhost:3000', secretsKey: Buffer.alloc(32), widgetBundleDir: undefined } as Parameters<typeof enabledPluginModules>[0];
const moduleOf = (plugin: Type | DynamicModule) => ('module' in plugin ? plugin.module : plugin);

describe('the plugin list', () => {
  it('leaves the example plugins out by default and loads them when CONFAB_PLUGINS names them', () => {
    const byDefault = enabledPluginModules(base).map(moduleOf);
    expect(byDefault.length).toBeGreaterThan(5);
    expect(byDefault).not.toContain(OpeningHoursToolModule);
    expect(byDefault).not.toContain(TelegramChannelModule);
    const named = enabledPluginModules({ ...base, plugins: ['example-channel-telegram', 'example-tool-opening-hours'] }).map(moduleOf);
    expect(named).toEqual([TelegramChannelModule, OpeningHoursToolModule]);
  });

  it('loads exactly the given modules when a plugin set is passed in (a plugin e2e harness)', () => {
    @Module({})
    class OnlyThis {}
    expect(enabledPluginModules({ ...base, plugins: ['channel-api'], pluginModules: [OnlyThis] })).toEqual([OnlyThis]);
  });
});
