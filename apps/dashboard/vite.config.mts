import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
// `npm run dashboard:dev` serves the app with hot reload and passes the API through to a running server.
const apiTarget = process.env.DASHBOARD_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    // The server's CSP allows scripts from 'self' only: no inline module preload polyfill.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 900,
  },
  server: {
    port: Number(process.env.DASHBOARD_DEV_PORT ?? 5173),
    proxy: {
      // SSE through the proxy: no buffering, no timeout.
      '/api': { target: apiTarget, changeOrigin: false, timeout: 0, proxyTimeout: 0 },
      '/docs': { target: apiTarget },
      '/health': { target: apiTarget },
    },
  },
});
