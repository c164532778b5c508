import type { DynamicModule, Type } from '@nestjs/common';
import { TestChannelModule } from '@confab/channel-test';
import { ApiChannelModule } from '@confab/channel-api';
import { CollectDataToolModule } from '@confab/tool-collect-data';
import { HandoffToolModule } from '@confab/tool-handoff';
import { WhatsAppChannelModule } from '@confab/channel-whatsapp';
import { sessionKeyFrom, WebWidgetChannelModule } from '@confab/channel-web-widget';
import { CallbackToolModule } from '@confab/tool-callback';
import { HttpToolModule } from '@confab/tool-http';
import { McpToolModule } from '@confab/tool-mcp';
import { parseAllowedHosts } from '@confab/net';
import { AppointmentsToolModule } from '@confab/tool-appointments';
import { LookupToolModule } from '@confab/tool-lookup';
import { OpeningHoursToolModule } from '@confab/example-tool-opening-hours';
import { TelegramChannelModule } from '@confab/example-channel-telegram';
import { pluginSettingsOf, providePluginSettings, type PluginSettingsDefinition } from '@confab/plugin-sdk';
import type { AppConfig } from './config/app-config';
import { pluginSettingsWithDefaults } from './config/plugin-settings';

/** The platform settings a plugin's forRoot may be given; a plugin's own settings come from its declaration instead. */
type PlatformConfig = Pick<AppConfig, 'httpToolsAllowedHosts' | 'outboundAllowedHosts' | 'publicUrl' | 'secretsKey' | 'widgetBundleDir'>;

interface InstalledPlugin {
  /** The module class: it carries the plugin's settings declaration (@PluginSettings), read before any config exists. */
  module: Type;
  load: (config: PlatformConfig) => Type | DynamicModule;
}

const plugin = (module: Type, load: InstalledPlugin['load'] = () => module): InstalledPlugin => ({ module, load });
// Tenant-chosen URLs (API callbacks, a WhatsApp connection's graphApiBaseUrl, MCP servers) reach internal hosts only when listed.
const outbound = (config: PlatformConfig) => parseAllowedHosts(config.outboundAllowedHosts);

/**
 * The one list of installed plugins. The core never imports a plugin; this composition root does. Adding a plugin
 * is one line here; CONFAB_PLUGINS (comma-separated names) enables a subset at run time. A plugin's own settings
 * need no line: it declares them (definePluginSettings) and the server reads, checks and provides them.
 */
const PLUGINS: Record<string, InstalledPlugin> = {
  'channel-test': plugin(TestChannelModule),
  'channel-api': plugin(ApiChannelModule, (c) => ApiChannelModule.forRoot({ allowedHosts: outbound(c) })),
  'channel-whatsapp': plugin(WhatsAppChannelModule, (c) => WhatsAppChannelModule.forRoot({ allowedHosts: outbound(c) })),
  // Session tokens are signed with a key derived from the secrets key, so every API process accepts them.
  'channel-web-widget': plugin(WebWidgetChannelModule, (c) => WebWidgetChannelModule.forRoot({ publicUrl: c.publicUrl, sessionKey: sessionKeyFrom(c.secretsKey), bundleDir: c.widgetBundleDir })),
  'tool-collect-data': plugin(CollectDataToolModule),
  'tool-handoff': plugin(HandoffToolModule),
  'tool-callback': plugin(CallbackToolModule),
  'tool-http': plugin(HttpToolModule, (c) => HttpToolModule.forRoot({ allowedHosts: parseAllowedHosts(c.httpToolsAllowedHosts) })),
  'tool-mcp': plugin(McpToolModule, (c) => McpToolModule.forRoot({ allowedHosts: outbound(c) })),
  'tool-lookup': plugin(LookupToolModule),
  'tool-appointments': plugin(AppointmentsToolModule, (c) => AppointmentsToolModule.forRoot({ publicUrl: c.publicUrl })),
  'example-tool-opening-hours': plugin(OpeningHoursToolModule, (c) => OpeningHoursToolModule.forRoot({ allowedHosts: outbound(c) })),
  'example-channel-telegram': plugin(TelegramChannelModule, (c) => TelegramChannelModule.forRoot({ allowedHosts: outbound(c) })),
};

/**
 * Example plugins (plugins/examples, named example-*) teach how to write one: installed, so CONFAB_PLUGINS may name
 * them, but never enabled by default.
 */
const enabledByDefault = () => Object.keys(PLUGINS).filter((name) => !name.startsWith('example-'));

/** The names CONFAB_PLUGINS selects (all when unset); an unknown name stops the start, listing the installed ones. */
function selectedPlugins(selection: string[] | null): string[] {
  if (!selection) return enabledByDefault();
  const unknown = selection.filter((name) => !(name in PLUGINS));
  if (unknown.length) {
    throw new Error(`CONFAB_PLUGINS names unknown plugins: ${unknown.join(', ')}. Installed: ${Object.keys(PLUGINS).join(', ')}`);
  }
  return selection;
}

/**
 * The settings declarations of the plugins that will load, for parseSettings; a disabled plugin's settings are
 * neither read nor checked. `selection`: CONFAB_PLUGINS as written (unknown names are reported when modules load);
 * 'all' for every installed plugin (the generated docs).
 */
export function pluginSettingsDefinitions(selection?: string): PluginSettingsDefinition[] {
  const names =
    selection === 'all' ? Object.keys(PLUGINS) : selection ? selection.split(',').map((s) => s.trim()).filter((name) => name in PLUGINS) : enabledByDefault();
  return names.map((name) => pluginSettingsOf(PLUGINS[name].module)).filter((d): d is PluginSettingsDefinition => !!d);
}

/**
 * The enabled plugins' modules, each with its declared settings provided (parsed at start, else defaults). A plugin
 * e2e harness passes its own `pluginModules`: exactly those load, with their settings provided the same way.
 */
export function enabledPluginModules(config: Pick<AppConfig, 'plugins' | 'pluginModules' | 'pluginSettings'> & PlatformConfig): Array<Type | DynamicModule> {
  const withSettings = (loaded: Type | DynamicModule, declaredOn: unknown = loaded): Array<Type | DynamicModule> => {
    const definition = pluginSettingsOf(declaredOn);
    return definition ? [providePluginSettings(definition, pluginSettingsWithDefaults(definition, config.pluginSettings?.[definition.plugin])), loaded] : [loaded];
  };
  if (config.pluginModules) return config.pluginModules.flatMap((loaded) => withSettings(loaded));
  return selectedPlugins(config.plugins).flatMap((name) => withSettings(PLUGINS[name].load(config), PLUGINS[name].module));
}
