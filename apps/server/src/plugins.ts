import type { DynamicModule, Type } from '@nestjs/common';
import { TestChannelModule } from '@confab/channel-test';
import { ApiChannelModule } from '@confab/channel-api';
import { CollectDataToolModule } from '@confab/tool-collect-data';
import { HandoffToolModule } from '@confab/tool-handoff';

/**
 * The one list of installed plugins. The core never imports a plugin; this composition root does. Adding a plugin
 * is one line here; CONFAB_PLUGINS (comma-separated names) enables a subset at run time.
 */
export const installedPlugins: Record<string, Type | DynamicModule> = {
  'channel-test': TestChannelModule,
  'channel-api': ApiChannelModule,
  'tool-collect-data': CollectDataToolModule,
  'tool-handoff': HandoffToolModule,
};

export function enabledPluginModules(selection: string[] | null): Array<Type | DynamicModule> {
  if (!selection) return Object.values(installedPlugins);
  const unknown = selection.filter((name) => !(name in installedPlugins));
  if (unknown.length) {
    throw new Error(`CONFAB_PLUGINS names unknown plugins: ${unknown.join(', ')}. Installed: ${Object.keys(installedPlugins).join(', ')}`);
  }
  return selection.map((name) => installedPlugins[name]);
}
