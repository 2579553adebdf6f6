// The page's side of the outbox: queue a filing, send it now when online, replay at start and on
// `online`, ask the service worker for a Background Sync, and tell the UI what is waiting.
import type { Lang } from '../i18n/lang';
import type { Caller } from './send';
import { sendEntry } from './send';
import {
  OUTBOX_CHANNEL,
  SYNC_TAG,
  deleteEntry,
  flushOutbox,
  getEntry,
  listEntries,
  loadAuth,
  putEntry,
  requeueEntry,
  saveAuth,
  type FlushResult,
  type OutboxDb,
  type OutboxEntry,
  type PhotoError,
} from './store';

export interface OutboxControllerDeps {
  db: Promise<OutboxDb>;
  /** The page's authenticated caller: refreshes an expired access token first. */
  call: Caller;
  lang: () => Lang;
  /** The session was refused while replaying: the UI should ask for a new sign-in. */
  onSessionLost?: () => void;
  /** Whether a session still exists (after `unauthenticated`, tells "expired" from "not yet refreshed"). */
  hasSession?: () => boolean;
  /** Background Sync registration; defaults to the active service worker's. */
  registerSync?: () => Promise<void>;
  online?: () => boolean;
}

type Listener = (entries: readonly OutboxEntry[]) => void;

async function defaultRegisterSync(): Promise<void> {
  const sw = typeof navigator !== 'undefined' ? navigator.serviceWorker : undefined;
  if (!sw) return;
  const reg = (await sw.getRegistration()) as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined;
  await reg?.sync?.register(SYNC_TAG);
}

let persistAsked = false;
/** Ask once that the browser not evict the outbox under storage pressure. */
function askPersistence(): void {
  if (persistAsked) return;
  persistAsked = true;
  if (typeof navigator === 'undefined') return;
  void navigator.storage?.persist?.().catch(() => false);
}

export class OutboxController {
  private userId: string | null = null;
  private entries: readonly OutboxEntry[] = [];
  private readonly listeners = new Set<Listener>();
  private readonly channel: BroadcastChannel | null;
  private flushing: Promise<FlushResult | null> | null = null;
  private again = false;

  constructor(private readonly deps: OutboxControllerDeps) {
    this.channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(OUTBOX_CHANNEL) : null;
    this.channel?.addEventListener('message', () => void this.reload());
  }

  get current(): readonly OutboxEntry[] {
    return this.entries;
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    fn(this.entries);
    return () => this.listeners.delete(fn);
  }

  /** Switches to the signed-in account (null when signed out) and reloads its entries. */
  async setUser(userId: string | null): Promise<void> {
    if (userId === this.userId) return;
    this.userId = userId;
    this.entries = [];
    this.emit();
    await this.reload();
  }

  /** Keeps the access token where the service worker can read it (null forgets it). */
  async storeAuth(auth: { userId: string; accessToken: string; accessTokenExpiresAt: string } | null): Promise<void> {
    await saveAuth(await this.deps.db, auth && { ...auth, lang: this.deps.lang() });
  }

  /** The service worker's requests follow the interface language (server messages are localised). */
  async storeLang(lang: Lang): Promise<void> {
    const db = await this.deps.db;
    const auth = await loadAuth(db);
    if (auth) await saveAuth(db, { ...auth, lang });
  }

  async reload(): Promise<void> {
    const userId = this.userId;
    if (!userId) return;
    const entries = await listEntries(await this.deps.db, userId);
    if (userId !== this.userId) return;
    this.entries = entries;
    this.emit();
  }

  /**
   * Stores the filing, then tries to send it at once. Resolves to how that try ended for this entry:
   * `sent` (with the item id), `attention` (the server refused it), or `queued`.
   */
  async submit(
    entry: OutboxEntry,
  ): Promise<
    | { state: 'sent'; itemId: string | null }
    | { state: 'attention'; message: string; photoErrors?: PhotoError[] }
    | { state: 'queued' }
  > {
    const db = await this.deps.db;
    await putEntry(db, entry);
    askPersistence();
    // Offline: hand it to Background Sync now (the page may be closed before the network returns).
    // Online: the page tries first (a sync registered now would race it); flushOnce registers one
    // if it stays queued. A page that dies mid-request replays it at its next start.
    if (!this.isOnline()) await (this.deps.registerSync ?? defaultRegisterSync)().catch(() => undefined);
    await this.changed();
    await this.flush();
    const sent = this.lastSent.get(entry.key);
    if (sent !== undefined) return { state: 'sent', itemId: sent };
    const now = await getEntry(db, entry.key);
    // Gone without this page sending it: the service worker (or another tab) did.
    if (!now) return { state: 'sent', itemId: null };
    if (now.state === 'attention') {
      const photoErrors = now.error?.photoErrors;
      return { state: 'attention', message: now.error?.message ?? '', ...(photoErrors?.length ? { photoErrors } : {}) };
    }
    return { state: 'queued' };
  }

  private readonly lastSent = new Map<string, string | null>();

  /** Sends what is queued, if online. Concurrent calls share one run (and run once more after it). */
  flush(): Promise<FlushResult | null> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      let result: FlushResult | null = null;
      do {
        this.again = false;
        result = await this.flushOnce();
      } while (this.again && result?.stopped === null);
      return result;
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<FlushResult | null> {
    const userId = this.userId;
    if (!userId || !this.isOnline()) return null;
    const db = await this.deps.db;
    const result = await flushOutbox(db, userId, (e) => sendEntry(e, this.deps.call));
    for (const s of result.sent) this.lastSent.set(s.key, s.itemId);
    if (result.remaining > 0) await (this.deps.registerSync ?? defaultRegisterSync)().catch(() => undefined);
    if (result.stopped === 'unauthenticated' && this.deps.hasSession && !this.deps.hasSession()) {
      this.deps.onSessionLost?.();
    }
    if (result.sent.length > 0 || result.attention.length > 0 || result.stopped) await this.changed();
    return result;
  }

  private isOnline(): boolean {
    return this.deps.online ? this.deps.online() : typeof navigator === 'undefined' || navigator.onLine !== false;
  }

  async discard(key: string): Promise<void> {
    await deleteEntry(await this.deps.db, key);
    await this.changed();
  }

  async retry(key: string): Promise<void> {
    await requeueEntry(await this.deps.db, key);
    await this.changed();
    await this.flush();
  }

  close(): void {
    this.channel?.close();
  }

  private async changed(): Promise<void> {
    this.channel?.postMessage({ type: 'changed' });
    await this.reload();
  }

  private emit(): void {
    for (const fn of this.listeners) fn(this.entries);
  }
}
