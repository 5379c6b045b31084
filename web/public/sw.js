// The app shell only: the page and its hashed assets, so a handheld opens with no network.
// It never touches /api or /parties: mutations are replayed by the page (one replayer), never here.
const CACHE = "car-tracker-shell-v2";

async function cacheShell() {
  const cache = await caches.open(CACHE);
  const res = await fetch("/", { cache: "no-store" });
  if (!res.ok) return;
  const html = await res.clone().text();
  await cache.put("/", res);
  // Once each: the storage script is both loaded and preloaded, and addAll refuses a list that repeats a request.
  const assets = new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]));
  await cache.addAll([...assets, "/manifest.webmanifest", "/icon.svg"]);
}

/**
 * The kept page serves every route, so it keeps no route's early questions (the Link preloads web/public/_headers
 * adds for one facility): a page opened from here has its session and board on the device.
 */
function routeless(res) {
  const headers = new Headers(res.headers);
  headers.delete("link");
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

self.addEventListener("install", (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/parties/")) return;
  if (req.mode === "navigate") {
    // The kept page first: on weak Wi-Fi a network-first page waits a round trip or more (all of a timeout
    // when the network hangs rather than fails) before the board can start. The fetch still runs and
    // refreshes the kept page, so a deploy is picked up on the next open; every route is the same page.
    const fresh = fetch(req).then((res) => {
      if (res.ok) {
        const copy = routeless(res.clone());
        return caches
          .open(CACHE)
          .then((c) => c.put("/", copy))
          .then(() => res);
      }
      return res;
    });
    event.waitUntil(fresh.catch(() => undefined));
    event.respondWith(caches.match("/").then((hit) => hit ?? fresh));
    return;
  }
  if (url.pathname.startsWith("/assets/")) {
    // Hashed names never change content: cache first.
    event.respondWith(
      caches.match(req).then(
        (hit) =>
          hit ??
          fetch(req).then((res) => {
            if (res.ok) void caches.open(CACHE).then((c) => c.put(req, res.clone()));
            return res;
          }),
      ),
    );
  }
});

// An alert the hub pushed (Web Push, encrypted to this device): shown even when no tab of the app is open.
self.addEventListener("push", (event) => {
  let alert;
  try {
    alert = event.data ? event.data.json() : null;
  } catch {
    return;
  }
  if (!alert || typeof alert.body !== "string") return;
  event.waitUntil(
    self.registration.showNotification(String(alert.title || "Car Tracker"), {
      body: alert.body,
      tag: String(alert.tag || "alert"),
      renotify: true,
      icon: "/icon.svg",
      badge: "/icon.svg",
      data: { url: typeof alert.url === "string" && alert.url.startsWith("/") ? alert.url : "/" },
    }),
  );
});

// A tap on the notification opens the car or the door: an open tab of the app is reused.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url ?? "/", self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((tabs) => {
      const tab = tabs.find((c) => new URL(c.url).origin === self.location.origin);
      return tab ? tab.navigate(url).then((c) => (c ?? tab).focus()) : self.clients.openWindow(url);
    }),
  );
});
