// The service worker's side of Web Push: what a push shows, and where a tap on it leads.
// Written against small structural types (not the worker's globals) so unit tests can call it.
import type { Lang } from './i18n/lang';
import { SW_MESSAGES } from './i18n/sw-messages';
import { routePath } from './router';

/** Sent to an open window: go to `path` inside the app (no page load). */
export const NAVIGATE_MESSAGE = 'gongzhi:navigate';
export const NOTIFICATION_ICON = '/icons/icon-192.png';

export interface PushNotification {
  title: string;
  // `renotify` is not in TypeScript's lib: alert again when an item's notification is replaced.
  options: NotificationOptions & { renotify?: boolean };
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The server sends `{title, body, itemId, status}`. Anything unreadable (not JSON, no title) still
 * shows a notification, in the words of the interface language: the browser requires one for
 * every push, and a silent failure would hide news from the user.
 */
export function notificationFor(data: { text(): string } | null, lang: Lang): PushNotification {
  const messages = SW_MESSAGES[lang];
  let payload: unknown = null;
  try {
    payload = data ? JSON.parse(data.text()) : null;
  } catch {
    payload = null;
  }
  const p = isRecord(payload) ? payload : {};
  const itemId = text(p['itemId']);
  return {
    title: text(p['title']) ?? messages['push.fallbackTitle'],
    options: {
      body: text(p['body']) ?? messages['push.fallbackBody'],
      icon: NOTIFICATION_ICON,
      // One notification per item: a later status replaces the earlier one.
      tag: itemId ? `item:${itemId}` : 'gongzhi',
      renotify: true,
      data: itemId ? { itemId } : {},
    },
  };
}

export interface WindowClientLike {
  readonly url: string;
  readonly focused: boolean;
  readonly visibilityState: string;
  focus(): Promise<unknown>;
  postMessage(message: unknown): void;
}

export interface ClientsLike {
  matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly WindowClientLike[]>;
  openWindow(url: string): Promise<unknown>;
}

/** The app path a notification leads to: its item, or home. */
export function notificationPath(data: unknown): string {
  const itemId = isRecord(data) ? text(data['itemId']) : null;
  return itemId ? routePath({ name: 'item', id: itemId }) : '/';
}

/** A tap on a notification: bring an open window of the app to the item, or open one there. */
export async function openFromNotification(clients: ClientsLike, origin: string, data: unknown): Promise<void> {
  const path = notificationPath(data);
  const windows = (await clients.matchAll({ type: 'window', includeUncontrolled: true })).filter((c) => {
    try {
      return new URL(c.url).origin === origin;
    } catch {
      return false;
    }
  });
  const target = windows.find((c) => c.focused) ?? windows.find((c) => c.visibilityState === 'visible') ?? windows[0];
  if (!target) {
    await clients.openWindow(new URL(path, origin).href);
    return;
  }
  target.postMessage({ type: NAVIGATE_MESSAGE, path });
  await target.focus().catch(() => undefined);
}
