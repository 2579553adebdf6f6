// Photos on a filing: up to 9, from the camera or the gallery, made small on the phone (one at a
// time: a cheap phone has little memory), shown as removable thumbnails and kept with the draft.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Translate } from '../i18n';
import { clearDraftPhotos, loadDraftPhotos, saveDraftPhotos } from '../photo-drafts';
import { MAX_PHOTOS, PhotoError, compressPhoto } from '../photos';
import type { PhotoError as ServerPhotoError, StoredPhoto } from '../outbox/store';

export interface PickedPhoto extends StoredPhoto {
  id: string;
  /** Object URL of the blob, for the thumbnail (revoked when the photo goes). */
  url: string;
}

type Message = { key: 'photos.tooMany' | 'photos.unreadable' | 'photos.tooLarge'; n: number } | null;

let seq = 0;
const picked = (p: StoredPhoto): PickedPhoto => ({
  ...p,
  id: `p${++seq}`,
  url: typeof URL.createObjectURL === 'function' ? URL.createObjectURL(p.blob) : '',
});
const revoke = (p: PickedPhoto) => {
  if (p.url && typeof URL.revokeObjectURL === 'function') URL.revokeObjectURL(p.url);
};

export interface PhotoDraft {
  photos: readonly PickedPhoto[];
  /** Photos being compressed now. */
  processing: number;
  message: Message;
  /** The server's refusals, by photo index (from the last try). */
  errors: Readonly<Record<number, string>>;
  setErrors: (errors: readonly ServerPhotoError[]) => void;
  add: (files: readonly File[]) => void;
  remove: (id: string) => void;
  clear: () => void;
  /** What the outbox stores. */
  stored: () => StoredPhoto[];
}

/** `persist: false`: kept in memory only (a form whose photos must not outlive the screen, e.g. a renovation finding). */
export function usePhotoDraft(userId: string, persist = true): PhotoDraft {
  const [photos, setPhotos] = useState<readonly PickedPhoto[]>([]);
  const [processing, setProcessing] = useState(0);
  const [message, setMessage] = useState<Message>(null);
  const [errors, setErrorMap] = useState<Record<number, string>>({});
  const current = useRef<readonly PickedPhoto[]>([]);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const pendingCount = useRef(0);
  const live = useRef(true);

  const commit = (next: readonly PickedPhoto[]) => {
    current.current = next;
    setPhotos(next);
    setErrorMap({});
    if (persist) void saveDraftPhotos(userId, next);
  };

  useEffect(() => {
    live.current = true;
    let cancelled = false;
    if (persist) void loadDraftPhotos(userId).then((saved) => {
      if (cancelled || saved.length === 0 || current.current.length > 0) return;
      const restored = saved.slice(0, MAX_PHOTOS).map(picked);
      current.current = restored;
      setPhotos(restored);
    });
    return () => {
      cancelled = true;
      live.current = false;
      current.current.forEach(revoke);
    };
  }, [userId]);

  const add = (files: readonly File[]) => {
    setMessage(null);
    const room = MAX_PHOTOS - current.current.length - pendingCount.current;
    const taken = files.slice(0, Math.max(0, room));
    if (files.length > taken.length) setMessage({ key: 'photos.tooMany', n: MAX_PHOTOS });
    for (const file of taken) {
      pendingCount.current++;
      setProcessing(pendingCount.current);
      queue.current = queue.current.then(async () => {
        try {
          const photo = await compressPhoto(file, current.current.length);
          if (!live.current) return;
          commit([...current.current, picked(photo)]);
        } catch (e) {
          if (!live.current) return;
          const key = e instanceof PhotoError && e.problem === 'tooLarge' ? 'photos.tooLarge' : 'photos.unreadable';
          setMessage({ key, n: current.current.length + 1 });
        } finally {
          pendingCount.current--;
          if (live.current) setProcessing(pendingCount.current);
        }
      });
    }
  };

  const remove = (id: string) => {
    const gone = current.current.find((p) => p.id === id);
    if (gone) revoke(gone);
    setMessage(null);
    commit(current.current.filter((p) => p.id !== id));
  };

  const clear = () => {
    current.current.forEach(revoke);
    current.current = [];
    setPhotos([]);
    setErrorMap({});
    setMessage(null);
    if (persist) void clearDraftPhotos(userId);
  };

  return {
    photos,
    processing,
    message,
    errors,
    setErrors: (list) => setErrorMap(Object.fromEntries(list.map((e) => [e.index, e.message]))),
    add,
    remove,
    clear,
    stored: () => current.current.map((p) => ({ blob: p.blob, name: p.name })),
  };
}

const CAMERA_ICON =
  'M4 8h3l2-3h6l2 3h3a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V9a1 1 0 0 1 1-1zM12 17a4 4 0 1 0 0-8 4 4 0 0 0 0 8z';
const GALLERY_ICON = 'M4 5h16v14H4zM4 16l5-5 4 4 3-3 4 4M15.5 9.5h.01';

export function PhotoPicker({ t, draft, disabled }: { t: Translate; draft: PhotoDraft; disabled?: boolean }) {
  const { photos, processing, message, errors } = draft;
  const full = photos.length + processing >= MAX_PHOTOS;
  const onPick = (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    input.value = ''; // the same photo can be picked again after removing it
    if (files.length > 0) draft.add(files);
  };
  const status = processing > 0 ? t('photos.processing', { n: String(processing) }) : null;
  const count = t('photos.count', { n: String(photos.length), max: String(MAX_PHOTOS) });

  return (
    <fieldset class="group photos" aria-describedby="f-photos-hint" data-photo-count={photos.length}>
      <legend>
        {t('photos.legend')}
        <span class="muted">{t('common.optional')}</span>
      </legend>
      <p id="f-photos-hint" class="hint">
        {t('photos.hint', { max: String(MAX_PHOTOS) })}
      </p>
      {photos.length > 0 && (
        <ul class="photo-thumbs" data-list="photo-drafts" aria-label={count}>
          {photos.map((p, i) => (
            <li key={p.id} data-photo-index={i} class={errors[i] ? 'photo-invalid' : undefined}>
              <img src={p.url} alt={t('photos.alt', { n: String(i + 1) })} />
              <button
                type="button"
                class="photo-remove"
                aria-label={t('photos.remove', { n: String(i + 1) })}
                aria-describedby={errors[i] ? `f-photo-${i}-error` : undefined}
                disabled={disabled}
                onClick={() => draft.remove(p.id)}
              >
                <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                  <path d="M6 6l12 12M18 6 6 18" />
                </svg>
              </button>
              {errors[i] && (
                <p id={`f-photo-${i}-error`} class="field-error">
                  {t('photos.errorAt', { n: String(i + 1), message: errors[i]! })}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <div class="photo-add">
        <label class={`file-button${full || disabled ? ' file-button-disabled' : ''}`}>
          <input type="file" accept="image/*" capture="environment" multiple disabled={full || disabled} onChange={onPick} data-photo-input="camera" />
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
            <path d={CAMERA_ICON} />
          </svg>
          <span>{t('photos.camera')}</span>
        </label>
        <label class={`file-button${full || disabled ? ' file-button-disabled' : ''}`}>
          <input type="file" accept="image/*" multiple disabled={full || disabled} onChange={onPick} data-photo-input="gallery" />
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
            <path d={GALLERY_ICON} />
          </svg>
          <span>{t('photos.gallery')}</span>
        </label>
      </div>
      <p class="muted small" data-photo-status>
        {count}
      </p>
      <div role="status" class={status ? 'notice' : 'sr-empty'}>
        {status}
      </div>
      {/* Inserted with its text: an alert is announced when it appears (the form keeps one alert otherwise). */}
      {message && (
        <div role="alert" class="error">
          {t(message.key, { n: String(message.n) })}
        </div>
      )}
    </fieldset>
  );
}
