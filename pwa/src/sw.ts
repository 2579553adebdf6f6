/// <reference lib="WebWorker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { request } from './graphql/client';
import { sendEntry, type Caller } from './outbox/send';
import { OUTBOX_CHANNEL, SYNC_TAG, flushOutbox, loadAuth, openOutbox } from './outbox/store';
import type { Lang } from './i18n/lang';
import { notificationFor, openFromNotification } from './sw-push';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

self.skipWaiting();
clientsClaim();

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Navigations get the app shell, except server endpoints and real files (robots.txt, icons, …).
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    denylist: [
      /^\/graphql(?:[/?]|$)/,
      /^\/healthz(?:[/?]|$)/,
      /^\/readyz(?:[/?]|$)/,
      /^\/metrics(?:[/?]|$)/,
      /^\/photos\//,
      /^\/api\//,
      /^\/exports\//,
      /\/[^/?]+\.[a-z0-9]+(?:\?.*)?$/i,
    ],
  }),
);

// ---- Offline outbox: Background Sync replays what the page queued (research/pwa.md §4). ----
// The page stores the access token it last got; the SW cannot refresh it (the refresh token lives
// in the page's storage and rotates). With no valid token, or on UNAUTHENTICATED, the entries stay
// queued for the page, which refreshes first. The idempotency key is the one given at creation.

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}

async function replayOutbox(): Promise<void> {
  const db = await openOutbox();
  try {
    const auth = await loadAuth(db);
    if (!auth || Date.parse(auth.accessTokenExpiresAt) <= Date.now() + 10_000) return;
    const call: Caller = (op, variables, files) =>
      request(op, variables, { lang: auth.lang, accessToken: auth.accessToken, files });
    const result = await flushOutbox(db, auth.userId, (entry) => sendEntry(entry, call));
    if (result.sent.length > 0 || result.attention.length > 0 || result.stopped === 'retry') {
      const channel = new BroadcastChannel(OUTBOX_CHANNEL);
      channel.postMessage({ type: 'changed' });
      channel.close();
    }
    // Rejecting makes the browser schedule another sync later (with back-off).
    if (result.stopped === 'retry') throw new Error('outbox: the server could not be reached; will retry');
  } finally {
    db.close();
  }
}

self.addEventListener('sync', (event) => {
  const e = event as SyncEvent;
  if (e.tag === SYNC_TAG) e.waitUntil(replayOutbox());
});

// ---- Web Push: the server tells the filer that an item moved (src/push.ts subscribes). ----

/** The interface language the page last stored (for a push whose payload cannot be read). */
async function storedLang(): Promise<Lang> {
  try {
    const db = await openOutbox();
    try {
      return (await loadAuth(db))?.lang ?? 'zh-CN';
    } finally {
      db.close();
    }
  } catch {
    return 'zh-CN';
  }
}

self.addEventListener('push', (event) => {
  event.waitUntil(
    (async () => {
      const { title, options } = notificationFor(event.data, await storedLang());
      await self.registration.showNotification(title, options);
    })(),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(openFromNotification(self.clients, self.location.origin, event.notification.data));
});
