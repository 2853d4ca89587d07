// Service worker of the Article Highlighter page: after one visit the page also opens and works
// offline. Network first, so a rebuilt www/pkg is never shadowed by an old copy; the cache is
// only the fallback. It lives at the site root because a worker controls only pages at or
// below its own path. Only same-origin GET requests are handled (the page makes no others).
const CACHE = "article-highlighter-v1";
const SHELL = [
  "./",
  "./index.html",
  "./www/style.css",
  "./www/app.js",
  "./www/render.js",
  "./www/input.js",
  "./www/export.js",
  "./www/worker.js",
  "./www/pkg/article_highlighter.js",
  "./www/pkg/article_highlighter_bg.wasm",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request, { ignoreSearch: true }).then((hit) => hit ?? Response.error())),
  );
});
