// MIST's service worker: when the network is down, a page opens on a clear "offline" page
// (public/offline.html) instead of the browser's error. Nothing else goes through it: pages,
// the API and streams always come from the server (they are per listener and need it).
const CACHE = 'mist-shell-v1';
const SHELL = ['/offline.html', '/icon.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match('/offline.html')));
  } else if (request.method === 'GET' && SHELL.includes(new URL(request.url).pathname)) {
    // What the offline page shows, from the network while there is one.
    event.respondWith(fetch(request).catch(() => caches.match(new URL(request.url).pathname)));
  }
});
