import type { DynamicModule, Type } from '@nestjs/common';
import { TestChannelModule } from '@confab/channel-test';
import { startTestServer, type ConfigOverrides, type TestServer } from './test-server';

export interface PluginTestServerOptions {
  /** The plugin modules under test, as the composition root would list them (`MyModule.forRoot({...})`). */
  plugins: Array<Type | DynamicModule>;
  /**
   * Also load the test channel (default true): test chats (POST /assistants/{id}/test-chats) are how a tool
   * plugin's tests talk to an assistant. A channel plugin's tests may leave it out.
   */
  testChannel?: boolean;
  /** Server settings that differ from the test defaults (shortened retries, permissive rate limits). */
  config?: Omit<ConfigOverrides, 'pluginModules' | 'plugins'>;
}

/**
 * The real server with exactly the given plugins, on a fresh PostgreSQL database, the machine's Redis and a
 * loopback fake OpenAI (server.openai): what a plugin's own end-to-end tests boot, from the plugin's folder.
 * Import it from '@confab/server-test-support' in a plugin's test files (the boundary check allows tests only).
 */
export function startPluginTestServer(options: PluginTestServerOptions): Promise<TestServer> {
  const withTestChannel = options.testChannel ?? true;
  return startTestServer({ ...options.config, pluginModules: [...(withTestChannel ? [TestChannelModule] : []), ...options.plugins] });
}
