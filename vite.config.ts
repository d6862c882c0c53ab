import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { serviceWorkerBuild } from './scripts/serviceWorkerBuild.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * engine.io-client's transport table without WebTransport: the app asks for WebSocket, then
 * HTTP long-polling (client/lib/workshopConnection.ts), and the server offers no WebTransport,
 * but the table keeps all three in the bundle. Polling stays: it is how a participant behind a
 * proxy that blocks WebSocket still connects.
 */
function engineTransportsWithoutWebTransport(): Plugin {
  const id = '\0engine.io-client-transports';
  const transports = `${root}node_modules/engine.io-client/build/esm/transports/`;
  return {
    name: 'integrity-board-engine-transports',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === './transports/index.js' && importer?.replaceAll('\\', '/').includes('/engine.io-client/build/esm/')) return id;
      return null;
    },
    load(loaded) {
      if (loaded !== id) return null;
      return [
        `import { XHR } from ${JSON.stringify(`${transports}polling-xhr.js`)};`,
        `import { WS } from ${JSON.stringify(`${transports}websocket.js`)};`,
        'export const transports = { websocket: WS, polling: XHR };',
      ].join('\n');
    },
  };
}

const devServerTarget = `http://localhost:${process.env.PORT ?? '3000'}`;

export default defineConfig({
  root: `${root}client`,
  plugins: [
    engineTransportsWithoutWebTransport(),
    svelte({ configFile: `${root}svelte.config.js` }),
    serviceWorkerBuild(`${root}client/serviceWorker/sw.js`),
  ],
  // Yjs's console logger without lib0's DOM and schema helpers (see client/lib/yjsLogging.ts).
  resolve: { alias: [{ find: /^lib0\/logging$/, replacement: `${root}client/lib/yjsLogging.ts` }] },
  // No modulepreload polyfill: every browser the app supports preloads natively, and one that does
  // not still loads the same modules through their imports.
  build: { outDir: `${root}dist/client`, emptyOutDir: true, modulePreload: { polyfill: false } },
  server: {
    port: 5173,
    proxy: {
      '/api': devServerTarget,
      '/socket.io': { target: devServerTarget, ws: true },
      '/yjs': { target: devServerTarget, ws: true },
    },
  },
});
