import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutputBundle } from 'rolldown';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceWorkerBuild } from '../../scripts/serviceWorkerBuild.ts';
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';

const source = path.resolve(import.meta.dirname, '..', '..', 'client', 'serviceWorker', 'sw.js');

/** What the build plugin emits as /sw.js for a bundle holding these files. */
function buildServiceWorker(files: string[]): string {
  const emitted: { fileName?: string; source?: string | Uint8Array }[] = [];
  const plugin = serviceWorkerBuild(source);
  const bundle = Object.fromEntries(files.map((file) => [file, {}])) as unknown as OutputBundle;
  const generate = plugin.generateBundle as (this: unknown, options: unknown, bundle: OutputBundle) => void;
  generate.call({ emitFile: (file: { fileName?: string; source?: string | Uint8Array }) => emitted.push(file) }, {}, bundle);
  expect(emitted.map((e) => e.fileName)).toEqual(['sw.js']);
  return String(emitted[0]?.source);
}

describe('the service worker (app shell kept for an offline reload)', () => {
  let server: TestServer;
  let root: string;
  const files = ['index.html', 'assets/index-a1.js', 'assets/index-a1.css', 'assets/WorkshopLive-b2.js', 'assets/es-c3.js'];
  beforeAll(async () => {
    root = await makeDataDir();
    const clientDir = path.join(root, 'client');
    await mkdir(path.join(clientDir, 'assets'), { recursive: true });
    await writeFile(path.join(clientDir, 'index.html'), '<!doctype html><title>Integrity Board</title>');
    await writeFile(path.join(clientDir, 'assets', 'index-a1.js'), 'export {};');
    await writeFile(path.join(clientDir, 'sw.js'), buildServiceWorker(files));
    server = await startTestServer({ clientDir });
  });
  afterAll(async () => {
    await server.close();
    await removeDataDir(server.dataDir);
    await removeDataDir(root);
  });

  it('is built with the page and the built scripts and styles to keep, under a cache name of this build', () => {
    const code = buildServiceWorker(files);
    expect(code).toContain('const PRECACHE = ["/","/assets/WorkshopLive-b2.js","/assets/es-c3.js","/assets/index-a1.css","/assets/index-a1.js"];');
    expect(code).not.toContain('__BUILD__');
    const build = /const BUILD = "([0-9a-f]{12})";/.exec(code)?.[1];
    expect(build).toBeDefined();
    // Another build (other hashed files): another cache name, so the old cache is dropped on activate.
    expect(buildServiceWorker(['assets/index-z9.js'])).not.toContain(build);
  });

  it('keeps away from the API, the live channels and metrics, and from requests with credentials', () => {
    const code = buildServiceWorker(files);
    expect(code).toContain("/^\\/(api|socket\\.io|yjs|metrics)(\\/|$)/");
    expect(code).toContain("request.headers.has('authorization')");
  });

  it('is served at the root as JavaScript, never cached by HTTP, under the same CSP (worker-src self)', async () => {
    const res = await fetch(`${server.url}/sw.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toContain("worker-src 'self'");
    // Hashed assets keep their long HTTP cache: only the worker is checked on every visit.
    const asset = await fetch(`${server.url}/assets/index-a1.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=3600');
  });
});
