// The photos of the filing being written, kept on the phone with the text draft (a filing in a
// stairwell may be interrupted; localStorage cannot hold Blobs, IndexedDB can). Best effort: where
// IndexedDB is missing or full the form still works, only without them after a reload.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { StoredPhoto } from './outbox/store';

interface DraftSchema extends DBSchema {
  /** Key: the account id. */
  photos: { key: string; value: StoredPhoto[] };
}

let db: Promise<IDBPDatabase<DraftSchema>> | null = null;

function open(): Promise<IDBPDatabase<DraftSchema>> {
  db ??= openDB<DraftSchema>('gongzhi-drafts', 1, {
    upgrade(d) {
      d.createObjectStore('photos');
    },
  });
  return db;
}

export async function loadDraftPhotos(userId: string): Promise<StoredPhoto[]> {
  try {
    return (await (await open()).get('photos', userId)) ?? [];
  } catch {
    return [];
  }
}

export async function saveDraftPhotos(userId: string, photos: readonly StoredPhoto[]): Promise<void> {
  try {
    const d = await open();
    if (photos.length === 0) await d.delete('photos', userId);
    else await d.put('photos', photos.map((p) => ({ blob: p.blob, name: p.name })), userId);
  } catch {
    // best effort
  }
}

export function clearDraftPhotos(userId: string): Promise<void> {
  return saveDraftPhotos(userId, []);
}
