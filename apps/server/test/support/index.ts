// The server's e2e helpers for other projects' end-to-end tests (the dashboard's browser tests, plugins' own e2e
// tests), through the @confab/server-test-support alias: projects do not reach into each other with relative imports.
export { startTestServer, drainEvents, type TestServer, type ConfigOverrides } from './test-server';
export { startPluginTestServer, type PluginTestServerOptions } from './plugin-test-server';
export { apiClient, createTenant, type ApiClient, type ApiResponse } from './api-client';
export { connectWhatsApp, whatsappConfig } from './whatsapp-helpers';
