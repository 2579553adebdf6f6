// Web Push opt-in ("办理进度提醒"): the browser's push subscription, told to the server so it can
// send a notification when an item the user filed or joined moves on. The permission prompt only
// ever follows a tap (`enable`); start-up only reads the state and re-tells the server what the
// browser already has (`subscribePush` is idempotent by endpoint).
import { PushPublicKeyQuery, SubscribePushMutation, UnsubscribePushMutation } from './graphql/operations';
import type { Caller } from './outbox/send';

/** Who the browser subscription was made for; another account signing in on this phone drops it. */
export const PUSH_OWNER_KEY = 'gongzhi.push.owner';
/** The server's application key, kept for offline starts. */
export const PUSH_SERVER_KEY = 'gongzhi.push.serverKey';

/**
 * What the home screen shows: `unsupported` (no Push API, no service worker, push off on the
 * server: no control at all), `off`, `on`, or `blocked` (the browser denies notifications).
 */
export type PushStatus = 'unsupported' | 'off' | 'on' | 'blocked';

// The parts of the Push API used here, so tests can stand in for the browser.
export interface PushSubscriptionLike {
  readonly endpoint: string;
  readonly options?: { readonly applicationServerKey: ArrayBuffer | null } | undefined;
  getKey(name: 'p256dh' | 'auth'): ArrayBuffer | null;
  unsubscribe(): Promise<boolean>;
}

export interface PushManagerLike {
  getSubscription(): Promise<PushSubscriptionLike | null>;
  subscribe(options: { userVisibleOnly: boolean; applicationServerKey: Uint8Array<ArrayBuffer> }): Promise<PushSubscriptionLike>;
}

export interface PushBrowser {
  /** `'PushManager' in window`, with a service worker container and the Notification API. */
  readonly supported: boolean;
  permission(): NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  /**
   * The service worker registration with an active worker; undefined when there is none. `wait`
   * false: only one that exists now (enough to find an existing subscription).
   */
  registration(wait?: boolean): Promise<{ readonly pushManager: PushManagerLike } | undefined>;
}

/** The server refused the subscription (its userErrors, already localised). */
export class PushRefusedError extends Error {
  override name = 'PushRefusedError';
}

/** The browser could not subscribe: its push service failed or did not answer. */
export class PushServiceError extends Error {
  override name = 'PushServiceError';
}

const SUBSCRIBE_TIMEOUT_MS = 30_000;
const SIGN_OUT_TIMEOUT_MS = 5_000;

export function base64UrlEncode(buffer: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlDecode(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A subscription made with another application key cannot receive this server's pushes. */
function keyDiffers(sub: PushSubscriptionLike, key: string): boolean {
  const used = sub.options?.applicationServerKey;
  return used != null && base64UrlEncode(used) !== key.replace(/=+$/, '');
}

function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface PushControllerDeps {
  browser: PushBrowser;
  /** The page's authenticated caller. */
  call: Caller;
  storage: Storage;
  online?: () => boolean;
  subscribeTimeoutMs?: number;
  signOutTimeoutMs?: number;
}

type Listener = (status: PushStatus | null) => void;

export class PushController {
  private status: PushStatus | null = null;
  private key: string | null | undefined = undefined;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly deps: PushControllerDeps) {}

  /** The last known status; null until the first check has finished. */
  get current(): PushStatus | null {
    return this.status;
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    fn(this.status);
    return () => this.listeners.delete(fn);
  }

  /** Reads the state without changing anything (offline starts, coming back to the page). */
  async refresh(): Promise<PushStatus> {
    const found = await this.inspect();
    if (typeof found === 'string') return this.set(found);
    return this.set(found.sub ? 'on' : 'off');
  }

  /**
   * At the start of each online session: a subscription this account made is told to the server
   * again (it may have lost it); one made for another account, or with an old server key, goes.
   */
  async sync(userId: string): Promise<PushStatus> {
    const found = await this.inspect();
    if (typeof found === 'string') return this.set(found);
    const { key, reg, sub } = found;
    if (!sub) return this.set('off');
    const { storage, browser } = this.deps;
    if (storage.getItem(PUSH_OWNER_KEY) !== userId) {
      await sub.unsubscribe().catch(() => false);
      storage.removeItem(PUSH_OWNER_KEY);
      return this.set('off');
    }
    if (!keyDiffers(sub, key)) {
      // Offline or the server is busy: it is told again at the next start.
      await this.register(sub).catch(() => undefined);
      return this.set('on');
    }
    // The server's key changed: the old subscription is dead. Forget it, and make a new one when
    // the permission is still granted (no prompt then).
    const old = sub.endpoint;
    await sub.unsubscribe().catch(() => false);
    void this.forget(old);
    if (browser.permission() === 'granted') {
      try {
        const fresh = await this.browserSubscribe(reg.pushManager, key);
        await this.register(fresh).catch(() => undefined);
        return this.set('on');
      } catch {
        // the push service failed: off, the user can try again
      }
    }
    storage.removeItem(PUSH_OWNER_KEY);
    return this.set('off');
  }

  /** The user tapped "turn on": ask for the permission, subscribe, tell the server. */
  async enable(userId: string): Promise<PushStatus> {
    const { browser, storage } = this.deps;
    // The prompt comes first, still inside the tap (Safari wants the user's gesture).
    let permission = browser.permission();
    if (permission === 'default') permission = await browser.requestPermission();
    if (permission === 'denied') return this.set('blocked');
    if (permission !== 'granted') return this.set('off');

    const found = await this.inspect();
    if (typeof found === 'string') return this.set(found);
    const { key, reg } = found;
    let sub = found.sub;
    if (sub && keyDiffers(sub, key)) {
      await sub.unsubscribe().catch(() => false);
      sub = null;
    }
    sub ??= await this.browserSubscribe(reg.pushManager, key);
    try {
      await this.register(sub);
    } catch (e) {
      // The server does not know it: do not leave a subscription nobody sends to.
      await sub.unsubscribe().catch(() => false);
      storage.removeItem(PUSH_OWNER_KEY);
      this.set('off');
      throw e;
    }
    storage.setItem(PUSH_OWNER_KEY, userId);
    return this.set('on');
  }

  /** The user tapped "turn off": the browser drops the subscription, and the server forgets it. */
  async disable(): Promise<PushStatus> {
    const { browser, storage } = this.deps;
    storage.removeItem(PUSH_OWNER_KEY);
    const reg = browser.supported ? await browser.registration(false) : undefined;
    const sub = await reg?.pushManager.getSubscription();
    if (sub) {
      const endpoint = sub.endpoint;
      await sub.unsubscribe();
      // Best effort: once the browser has dropped it, the push service answers 410 and the
      // server deletes the endpoint by itself.
      await this.forget(endpoint);
    }
    return this.set(browser.supported && browser.permission() === 'denied' ? 'blocked' : 'off');
  }

  /** Before the session ends (the server call needs it); never holds up the sign-out for long. */
  async signOut(): Promise<void> {
    if (!this.deps.browser.supported) return;
    await withTimeout(this.disable(), this.deps.signOutTimeoutMs ?? SIGN_OUT_TIMEOUT_MS, () => new Error('timeout')).catch(
      () => undefined,
    );
    this.set(null);
  }

  private async inspect(): Promise<
    Exclude<PushStatus, 'on' | 'off'> | { key: string; reg: { readonly pushManager: PushManagerLike }; sub: PushSubscriptionLike | null }
  > {
    const { browser } = this.deps;
    if (!browser.supported) return 'unsupported';
    const key = await this.serverKey();
    if (!key) return 'unsupported';
    if (browser.permission() === 'denied') return 'blocked';
    const reg = await browser.registration();
    if (!reg) return 'unsupported';
    return { key, reg, sub: await reg.pushManager.getSubscription() };
  }

  /** The server's key (asked once per page load); the stored one when the server cannot be reached. */
  private async serverKey(): Promise<string | null> {
    if (this.key !== undefined) return this.key;
    const { storage, online } = this.deps;
    if (online?.() !== false) {
      try {
        const { pushPublicKey } = await this.deps.call(PushPublicKeyQuery, {});
        this.key = pushPublicKey;
        if (pushPublicKey) storage.setItem(PUSH_SERVER_KEY, pushPublicKey);
        else storage.removeItem(PUSH_SERVER_KEY);
        return pushPublicKey;
      } catch {
        // fall back to the stored key
      }
    }
    return storage.getItem(PUSH_SERVER_KEY);
  }

  private async browserSubscribe(manager: PushManagerLike, key: string): Promise<PushSubscriptionLike> {
    try {
      return await withTimeout(
        manager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlDecode(key) }),
        this.deps.subscribeTimeoutMs ?? SUBSCRIBE_TIMEOUT_MS,
        () => new PushServiceError('the push service did not answer'),
      );
    } catch (e) {
      if (e instanceof PushServiceError) throw e;
      throw new PushServiceError(e instanceof Error ? e.message : String(e));
    }
  }

  private async register(sub: PushSubscriptionLike): Promise<void> {
    const p256dh = sub.getKey('p256dh');
    const auth = sub.getKey('auth');
    if (!p256dh || !auth) throw new PushServiceError('the subscription has no keys');
    const { subscribePush } = await this.deps.call(SubscribePushMutation, {
      input: { endpoint: sub.endpoint, p256dh: base64UrlEncode(p256dh), auth: base64UrlEncode(auth) },
    });
    if (!subscribePush.ok) {
      throw new PushRefusedError(subscribePush.userErrors.map((e) => e.message).join(' ') || 'subscribePush refused');
    }
  }

  private async forget(endpoint: string): Promise<void> {
    try {
      await this.deps.call(UnsubscribePushMutation, { input: { endpoint } });
    } catch {
      // offline: see disable()
    }
  }

  private set(status: PushStatus | null): PushStatus {
    this.status = status;
    for (const fn of this.listeners) fn(status);
    return status ?? 'unsupported';
  }
}

/** The real browser: `navigator.serviceWorker`, `Notification`, `PushManager`. */
export function browserPush(): PushBrowser {
  const supported =
    typeof window !== 'undefined' &&
    'PushManager' in window &&
    'Notification' in window &&
    typeof navigator !== 'undefined' &&
    'serviceWorker' in navigator;
  return {
    supported,
    permission: () => Notification.permission,
    requestPermission: () => Notification.requestPermission(),
    registration: async (wait = true) => {
      const reg = await navigator.serviceWorker.getRegistration();
      if (reg?.active || !wait) return reg as { readonly pushManager: PushManagerLike } | undefined;
      // Not registered or not yet active (first visit, development build without a SW): wait a while.
      return withTimeout(navigator.serviceWorker.ready, 10_000, () => new Error('no service worker')).then(
        (r) => r as { readonly pushManager: PushManagerLike },
        () => undefined,
      );
    },
  };
}
