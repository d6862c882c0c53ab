import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

/**
 * Emits the service worker (client/serviceWorker/sw.js) as /sw.js in production builds, with the
 * build id (its cache name: a new build drops the old cache) and the files it keeps on install:
 * the page, and every built script and style sheet (chunks of other routes and languages too, so
 * a page that goes offline later still has them).
 */
export function serviceWorkerBuild(source: string): Plugin {
  return {
    name: 'integrity-board-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const assets = Object.keys(bundle)
        .filter((file) => file.startsWith('assets/') && /\.(js|css)$/.test(file))
        .sort();
      const build = createHash('sha256').update(assets.join('\n')).digest('hex').slice(0, 12);
      const code = readFileSync(source, 'utf8')
        .replace("'__BUILD__'", JSON.stringify(build))
        .replace('__PRECACHE__', JSON.stringify(['/', ...assets.map((file) => `/${file}`)]));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: code });
    },
  };
}
