// The offline outbox (research/pwa.md §4): every filing is written here first, with the idempotency
// key it got at creation, and sent from here by the page (at start, on `online`, after each filing)
// and by the service worker (Background Sync, tag `outbox`). Both may send the same entry: the key
// is always the same, so the server stores it once. This module runs in the page and in the SW.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Lang } from '../i18n/lang';
import type {
  FileComplaintInput,
  FilePropertyReportInput,
  FileSuggestionInput,
  JoinItemInput,
} from '../graphql/types';
import type { AddCaseEvidenceInput } from '../graphql/case-types';
import type { LogRenovationPatrolInput, ReportRenovationFindingInput } from '../graphql/renovation-types';
import type { CheckInPatrolInput, PatrolFindingInput } from '../graphql/patrol-types';

export const OUTBOX_DB = 'gongzhi-outbox';
export const SYNC_TAG = 'outbox';
/** Page ⇄ page ⇄ service worker: "the outbox changed, read it again". */
export const OUTBOX_CHANNEL = 'gongzhi-outbox';

export type OutboxEntry =
  | (EntryBase & { kind: 'complaint'; input: FileComplaintInput; photos?: StoredPhoto[] })
  | (EntryBase & { kind: 'propertyReport'; input: FilePropertyReportInput; photos?: StoredPhoto[] })
  | (EntryBase & { kind: 'suggestion'; input: FileSuggestionInput })
  | (EntryBase & { kind: 'join'; input: JoinItemInput })
  /** An officer's evidence item for a case (SPEC §7), with at most one photo; sent answers the case id. */
  | (EntryBase & { kind: 'evidence'; input: AddCaseEvidenceInput; photo?: StoredPhoto })
  /** A property firm's patrol of a renovation (SPEC §8), at most one photo; sent answers the registration id. */
  | (EntryBase & { kind: 'renovationPatrol'; input: LogRenovationPatrolInput; photo?: StoredPhoto })
  /** 劝阻无效，报告执法部门: a property report linked to a registration, with photos; sent answers the item id. */
  | (EntryBase & { kind: 'renovationReport'; input: ReportRenovationFindingInput; photos?: StoredPhoto[] })
  /** An officer's check-in at a community on a patrol (勤务); sent answers the patrol id. */
  | (EntryBase & { kind: 'patrolCheckin'; input: CheckInPatrolInput })
  /** A patrol's finding, with photos; sent answers the item it became or joined. */
  | (EntryBase & { kind: 'patrolFinding'; input: PatrolFindingInput; photos?: StoredPhoto[] });
export type OutboxKind = OutboxEntry['kind'];

/** A photo compressed on the phone, stored as a Blob with its filing until the filing is sent. */
export interface StoredPhoto {
  blob: Blob;
  name: string;
}

/** The server's refusal of one photo (userError field ["input", "photos", "<index>"]). */
export interface PhotoError {
  index: number;
  message: string;
}

export interface EntryError {
  code: string;
  message: string;
  photoErrors?: PhotoError[];
}

interface EntryBase {
  /** The idempotency key, also in `input.idempotencyKey`. */
  key: string;
  /** Only this account's session sends it (a shared phone may hold several accounts' entries). */
  userId: string;
  createdAt: string;
  /** `queued`: waits to be sent. `attention`: the server refused it; `error` says why. */
  state: 'queued' | 'attention';
  /** What the list shows: the matter's or topic's name and the start of the text. */
  title: string | null;
  text: string;
  attempts: number;
  /** The server's refusal (attention), or the last transient failure (queued). */
  error: EntryError | null;
}

/** What the service worker needs to send on the page's behalf. Written by the page on each sign-in/refresh. */
export interface StoredAuth {
  userId: string;
  accessToken: string;
  accessTokenExpiresAt: string;
  lang: Lang;
}

interface OutboxSchema extends DBSchema {
  entries: { key: string; value: OutboxEntry; indexes: { byUser: string } };
  meta: { key: string; value: StoredAuth };
}

export type OutboxDb = IDBPDatabase<OutboxSchema>;

export function openOutbox(name = OUTBOX_DB): Promise<OutboxDb> {
  return openDB<OutboxSchema>(name, 1, {
    upgrade(db) {
      const entries = db.createObjectStore('entries', { keyPath: 'key' });
      entries.createIndex('byUser', 'userId');
      db.createObjectStore('meta');
    },
  });
}

export async function putEntry(db: OutboxDb, entry: OutboxEntry): Promise<void> {
  await db.put('entries', entry);
}

/** The account's entries, oldest first. */
export async function listEntries(db: OutboxDb, userId: string): Promise<OutboxEntry[]> {
  const all = await db.getAllFromIndex('entries', 'byUser', userId);
  return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.key.localeCompare(b.key));
}

export async function getEntry(db: OutboxDb, key: string): Promise<OutboxEntry | undefined> {
  return db.get('entries', key);
}

export async function deleteEntry(db: OutboxDb, key: string): Promise<void> {
  await db.delete('entries', key);
}

/** Puts a refused entry back in the queue (the user asked to try again); it keeps its key. */
export async function requeueEntry(db: OutboxDb, key: string): Promise<void> {
  const entry = await db.get('entries', key);
  if (entry) await db.put('entries', { ...entry, state: 'queued', error: null });
}

export async function saveAuth(db: OutboxDb, auth: StoredAuth | null): Promise<void> {
  if (auth) await db.put('meta', auth, 'auth');
  else await db.delete('meta', 'auth');
}

export async function loadAuth(db: OutboxDb): Promise<StoredAuth | undefined> {
  return db.get('meta', 'auth');
}

/** How one attempt to send an entry ended. */
export type SendOutcome =
  | { kind: 'sent'; itemId: string | null }
  /** Refused (4xx, userErrors): it will not succeed as it is; the user must see why. */
  | { kind: 'attention'; code: string; message: string; photoErrors?: PhotoError[] }
  /** Network error, 5xx, rate limit: try again later, same key. */
  | { kind: 'retry'; code: string; message: string }
  /** No usable session here (e.g. the SW with an expired token): leave it for the page. */
  | { kind: 'unauthenticated' };

export interface FlushResult {
  sent: { key: string; itemId: string | null }[];
  attention: string[];
  /** Entries still queued after this run. */
  remaining: number;
  /** Why the run stopped early, if it did. */
  stopped: 'retry' | 'unauthenticated' | null;
}

/**
 * Serialises flushes of one outbox across tabs and the service worker (Web Locks where available,
 * else within this JS realm). Two senders could still overlap on a browser without Web Locks:
 * the idempotency key makes that harmless.
 */
let localChain: Promise<unknown> = Promise.resolve();
function withOutboxLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (locks) return locks.request('gongzhi-outbox', fn);
  const run = localChain.then(fn, fn);
  localChain = run.catch(() => undefined);
  return run;
}

/**
 * Sends the account's queued entries in order. A sent entry is deleted; a refused one moves to
 * `attention` with the server's message; a transient failure stops the run and keeps the entry
 * (with its key) for the next trigger. IndexedDB transactions do not survive `await fetch`, so each
 * entry is re-read, sent, then updated in a transaction of its own.
 */
export function flushOutbox(
  db: OutboxDb,
  userId: string,
  send: (entry: OutboxEntry) => Promise<SendOutcome>,
): Promise<FlushResult> {
  return withOutboxLock(async () => {
    const result: FlushResult = { sent: [], attention: [], remaining: 0, stopped: null };
    const queued = (await listEntries(db, userId)).filter((e) => e.state === 'queued');
    for (const [index, candidate] of queued.entries()) {
      const entry = await db.get('entries', candidate.key);
      if (!entry || entry.state !== 'queued') continue; // sent or discarded meanwhile
      const outcome = await send(entry);
      switch (outcome.kind) {
        case 'sent':
          await db.delete('entries', entry.key);
          result.sent.push({ key: entry.key, itemId: outcome.itemId });
          break;
        case 'attention':
          await db.put('entries', {
            ...entry,
            state: 'attention',
            attempts: entry.attempts + 1,
            error: {
              code: outcome.code,
              message: outcome.message,
              ...(outcome.photoErrors?.length ? { photoErrors: outcome.photoErrors } : {}),
            },
          });
          result.attention.push(entry.key);
          break;
        case 'retry':
          await db.put('entries', {
            ...entry,
            attempts: entry.attempts + 1,
            error: { code: outcome.code, message: outcome.message },
          });
          result.stopped = 'retry';
          result.remaining = queued.length - index;
          return result;
        case 'unauthenticated':
          result.stopped = 'unauthenticated';
          result.remaining = queued.length - index;
          return result;
      }
    }
    return result;
  });
}
