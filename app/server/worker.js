// Sundown's service worker: go-app's default worker, plus two rules. A page
// opened offline whose exact URL was never cached (a day in History, a
// ritual for a past date) gets the app shell instead of an error: the app
// reads the URL itself and shows the right page. And the workers that only
// some people need (the key worker of sync, the calendar reader) are not
// downloaded at install, for everyone, but kept once fetched, so that they
// work offline from then on.
const cacheName = "app-" + "{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};
const keptOnceFetched = ["/web/calendar-worker.js", "/web/calendar.wasm", "/web/kdf-worker.js", "/web/kdf.wasm"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(resourcesToCache))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keyList) =>
      Promise.all(keyList.map((key) => (key !== cacheName ? caches.delete(key) : undefined)))
    )
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(
      caches.match(request, { ignoreSearch: true }).then(
        (cached) => cached || fetch(request).catch(() => caches.match("/"))
      )
    );
    return;
  }
  event.respondWith(caches.match(request).then((cached) => cached || fetchAndKeep(request)));
});

// fetchAndKeep fetches a request and, when it is one of keptOnceFetched,
// keeps the answer in this version's cache.
function fetchAndKeep(request) {
  return fetch(request).then((response) => {
    if (response.ok && keptOnceFetched.includes(new URL(request.url).pathname)) {
      const copy = response.clone();
      caches.open(cacheName).then((cache) => cache.put(request, copy));
    }
    return response;
  });
}

self.addEventListener("push", (event) => {
  if (!event.data || !event.data.text()) {
    return;
  }
  const notification = JSON.parse(event.data.text());
  if (!notification) {
    return;
  }
  const title = notification.title;
  delete notification.title;
  notification.data = notification.data || {};
  const actions = [];
  for (const action of notification.actions || []) {
    actions.push({ action: action.action, path: action.path });
    delete action.path;
  }
  notification.data.goapp = { path: notification.path, actions: actions };
  delete notification.path;
  event.waitUntil(self.registration.showNotification(title, notification));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const goapp = event.notification.data.goapp;
  let path = goapp.path;
  for (const action of goapp.actions) {
    if (action.action === event.action) {
      path = action.path;
      break;
    }
  }
  event.waitUntil(
    clients.matchAll({ type: "window" }).then((clientList) => {
      for (const client of clientList) {
        if ("focus" in client) {
          client.focus();
          client.postMessage({ goapp: { type: "notification", path: path } });
          return;
        }
      }
      if (clients.openWindow) {
        return clients.openWindow(path);
      }
    })
  );
});
