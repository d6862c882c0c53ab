// The app shell on the device, so a workshop page reloads with no network at all (the board itself
// comes from IndexedDB, the waiting notes from the outbox). Built by scripts/serviceWorkerBuild.ts,
// which fills in the build id and the files to keep; served at /sw.js with `Cache-Control: no-cache`.
// Only the page and its hashed files are kept: /api, /socket.io, /yjs and /metrics never pass here.
const BUILD = '__BUILD__';
/** index.html (as '/') and the built /assets/* the page needs to start. */
const PRECACHE = __PRECACHE__;
const CACHE = `ib-shell-${BUILD}`;
const SHELL = '/';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('ib-shell-') && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || request.headers.has('authorization')) return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && !/^\/(api|socket\.io|yjs|metrics)(\/|$)/.test(url.pathname)) {
    event.respondWith(pageNetworkFirst(request));
  } else if (url.pathname.startsWith('/assets/') && url.search === '') {
    event.respondWith(assetCacheFirst(request));
  }
});

/** The page from the network (kept for offline use); the kept page when the network fails. */
async function pageNetworkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic' && (response.headers.get('content-type') ?? '').startsWith('text/html')) {
      const copy = response.clone();
      void caches.open(CACHE).then((cache) => cache.put(SHELL, copy));
    }
    return response;
  } catch (error) {
    const kept = await caches.match(SHELL, { cacheName: CACHE });
    if (kept) return kept;
    throw error;
  }
}

/** Hashed files never change: the kept copy, else the network (kept for next time, e.g. a language chunk). */
async function assetCacheFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') void cache.put(request, response.clone());
  return response;
}
