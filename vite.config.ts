import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { serviceWorkerBuild } from './scripts/serviceWorkerBuild.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const devServerTarget = `http://localhost:${process.env.PORT ?? '3000'}`;

export default defineConfig({
  root: `${root}client`,
  plugins: [svelte({ configFile: `${root}svelte.config.js` }), serviceWorkerBuild(`${root}client/serviceWorker/sw.js`)],
  // Yjs's console logger without lib0's DOM and schema helpers (see client/lib/yjsLogging.ts).
  resolve: { alias: [{ find: /^lib0\/logging$/, replacement: `${root}client/lib/yjsLogging.ts` }] },
  build: { outDir: `${root}dist/client`, emptyOutDir: true },
  server: {
    port: 5173,
    proxy: {
      '/api': devServerTarget,
      '/socket.io': { target: devServerTarget, ws: true },
      '/yjs': { target: devServerTarget, ws: true },
    },
  },
});
