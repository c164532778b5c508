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
import type { AppConfig } from './config/app-config';

/**
 * The one list of installed plugins. The core never imports a plugin; this composition root does. Adding a plugin
 * is one line here; CONFAB_PLUGINS (comma-separated names) enables a subset at run time.
 */
export function installedPlugins(config: Pick<AppConfig, 'whatsapp' | 'httpToolsAllowedHosts' | 'outboundAllowedHosts' | 'publicUrl' | 'secretsKey' | 'widgetBundleDir'>): Record<string, Type | DynamicModule> {
  // Tenant-chosen URLs (API callbacks, a WhatsApp connection's graphApiBaseUrl) reach internal hosts only when listed.
  const outbound = parseAllowedHosts(config.outboundAllowedHosts);
  return {
    'channel-test': TestChannelModule,
    'channel-api': ApiChannelModule.forRoot({ allowedHosts: outbound }),
    'channel-whatsapp': WhatsAppChannelModule.forRoot({ priceRows: config.whatsapp.priceRows, allowedHosts: outbound }),
    // Session tokens are signed with a key derived from the secrets key, so every API process accepts them.
    'channel-web-widget': WebWidgetChannelModule.forRoot({ publicUrl: config.publicUrl, sessionKey: sessionKeyFrom(config.secretsKey), bundleDir: config.widgetBundleDir }),
    'tool-collect-data': CollectDataToolModule,
    'tool-handoff': HandoffToolModule,
    'tool-callback': CallbackToolModule,
    'tool-http': HttpToolModule.forRoot({ allowedHosts: parseAllowedHosts(config.httpToolsAllowedHosts) }),
    // MCP server URLs are tenants' too: internal hosts only when OUTBOUND_ALLOWED_HOSTS lists them.
    'tool-mcp': McpToolModule.forRoot({ allowedHosts: outbound }),
    'tool-lookup': LookupToolModule,
    'tool-appointments': AppointmentsToolModule.forRoot({ publicUrl: config.publicUrl }),
    'example-tool-opening-hours': OpeningHoursToolModule.forRoot({ allowedHosts: outbound }),
    'example-channel-telegram': TelegramChannelModule.forRoot({ allowedHosts: outbound }),
  };
}

export function enabledPluginModules(config: Pick<AppConfig, 'plugins' | 'pluginModules' | 'whatsapp' | 'httpToolsAllowedHosts' | 'outboundAllowedHosts' | 'publicUrl' | 'secretsKey' | 'widgetBundleDir'>): Array<Type | DynamicModule> {
  if (config.pluginModules) return config.pluginModules;
  const installed = installedPlugins(config);
  const selection = config.plugins;
  // Example plugins (plugins/examples, named example-*) teach how to write one: installed, so CONFAB_PLUGINS may
  // name them, but never enabled by default.
  if (!selection) return Object.entries(installed).filter(([name]) => !name.startsWith('example-')).map(([, plugin]) => plugin);
  const unknown = selection.filter((name) => !(name in installed));
  if (unknown.length) {
    throw new Error(`CONFAB_PLUGINS names unknown plugins: ${unknown.join(', ')}. Installed: ${Object.keys(installed).join(', ')}`);
  }
  return selection.map((name) => installed[name]);
}
