// Offline cache for the paste-check page: cache-first for the page's own files only.
// Versioned by build id, so a new build replaces the old cache. It never caches anything else
// and never sees what the user pastes (input stays in the page; nothing is fetched with it).
const VERSION = '__AUTHLENS_BUILD__';
const CACHE = `authlens-${VERSION}`;
const ASSETS = [
  './', 'index.html', 'page.js', 'ui.css', 'manifest.webmanifest', 'findings.md', 'findings.json',
  'icons/authlens.svg', 'icons/authlens-192.png', 'icons/authlens-512.png',
  'har-worker.js', 'pkg/authlens.js', 'pkg/authlens_bg.wasm',
];
// Typed as a service worker scope for tsc (make lint-js); at run time this is just `self`.
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const assetUrls = () => new Set(ASSETS.map((a) => new URL(a, sw.registration.scope).href));

sw.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // Each asset on its own: an optional file that is missing must not block offline support.
    await Promise.all(ASSETS.map((a) => cache.add(new Request(a, { cache: 'reload' })).catch(() => {})));
    await sw.skipWaiting();
  })());
});

sw.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('authlens-') && key !== CACHE) await caches.delete(key);
    }
    await sw.clients.claim();
  })());
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  if (!assetUrls().has(url.href)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(url.href);
    if (hit) return hit;
    const response = await fetch(request);
    if (response.ok) await cache.put(url.href, response.clone());
    return response;
  })());
});
