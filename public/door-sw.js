// The door's service worker: registered by /door.js with the check-in page's
// own address as its scope, so it controls the check-in pages and nothing
// else. It keeps the page and what it loads (script, wasm, style) as they
// came the last time the door was online, and serves them when the network
// is gone. Network first: online, a door always gets the current page.
// The API (/api/) is never kept: the page's script queues scans itself.
const CACHE = 'leernet-door-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

function keepable(url) {
  return url.origin === self.location.origin && !url.pathname.startsWith('/api/');
}

// The page tells the worker what it loaded (it was not controlled yet the
// first time): the page itself, /pkg/… and the style.
self.addEventListener('message', (event) => {
  const urls = (event.data && event.data.keep) || [];
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        urls
          .map((u) => new URL(u, self.location.origin))
          .filter(keepable)
          .map((u) =>
            fetch(u, { credentials: 'same-origin' })
              .then((response) => (response.ok ? cache.put(u, response) : undefined))
              .catch(() => undefined),
          ),
      ),
    ),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || !keepable(url)) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() =>
        caches
          // Responses vary by language and cookie; this browser's copy is the one.
          .match(request, { ignoreVary: true })
          // The page under another query (?sessie=…&uitkomst=…) is the same door.
          .then(
            (hit) =>
              hit ||
              (request.mode === 'navigate' ? caches.match(request, { ignoreSearch: true, ignoreVary: true }) : undefined),
          )
          .then((hit) => hit || Response.error()),
      ),
  );
});
