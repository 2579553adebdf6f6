/// <reference lib="WebWorker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

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
      /^\/api\//,
      /\/[^/?]+\.[a-z0-9]+(?:\?.*)?$/i,
    ],
  }),
);
