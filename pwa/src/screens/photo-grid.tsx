// An item's photos: a grid of thumbnails; a tap opens the larger copy in a dialog. The URLs are
// signed and last 15 minutes, so they are never cached: an old item is read again before a photo
// opens, and a photo that fails to load makes the page read the item again (new URLs).
// Handling officers also see when and where each photo was taken (from its metadata), as text.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useEnv } from '../env';
import type { Lang, Translate } from '../i18n';
import type { Photo } from '../graphql/types';
import { formatTime } from '../ui';

/** "31.21880° N, 121.43790° E" */
export function formatPosition(latitude: number, longitude: number): string {
  const lat = `${Math.abs(latitude).toFixed(5)}° ${latitude >= 0 ? 'N' : 'S'}`;
  const lon = `${Math.abs(longitude).toFixed(5)}° ${longitude >= 0 ? 'E' : 'W'}`;
  return `${lat}, ${lon}`;
}

function Evidence({ t, lang, photo }: { t: Translate; lang: Lang; photo: Photo }) {
  const position =
    photo.latitude != null && photo.longitude != null ? formatPosition(photo.latitude, photo.longitude) : null;
  if (!photo.capturedAt && !position) return <p class="muted small">{t('item.photoNoMetadata')}</p>;
  return (
    <>
      {photo.capturedAt && (
        <p class="small" data-photo-captured>
          {t('item.photoCaptured', { time: formatTime(lang, photo.capturedAt) })}
        </p>
      )}
      {position && (
        <p class="small" data-photo-position>
          {t('item.photoPosition', { position })}
        </p>
      )}
    </>
  );
}

/** Only the handling officers get the original (and with it the capture time and position). */
const isOfficerView = (photos: readonly Photo[]) => photos.some((p) => p.originalUrl != null);

export function PhotoGrid({ photos, refresh }: { photos: readonly Photo[]; refresh: (force: boolean) => Promise<void> }) {
  const { t, lang } = useEnv();
  const [openId, setOpenId] = useState<string | null>(null);
  const officer = isOfficerView(photos);
  const lastForced = useRef(0);
  const opener = useRef<HTMLButtonElement | null>(null);

  /** A URL failed (expired, most likely): read the item again, at most once in 30 s. */
  const failed = () => {
    if (Date.now() - lastForced.current < 30_000) return;
    lastForced.current = Date.now();
    void refresh(true);
  };

  const open = async (id: string, button: HTMLButtonElement) => {
    opener.current = button;
    await refresh(false);
    setOpenId(id);
  };

  const index = photos.findIndex((p) => p.id === openId);
  const current = index >= 0 ? photos[index]! : null;

  return (
    <section aria-labelledby="item-photos" class="card">
      <h2 id="item-photos">
        {t('item.photos')} ({photos.length})
      </h2>
      <ul class={officer ? 'photo-grid photo-grid-evidence' : 'photo-grid'} data-list="photos">
        {photos.map((p, i) => (
          <li key={p.id} data-photo-id={p.id}>
            <button
              type="button"
              class="photo-thumb"
              aria-label={t('item.photoOpen', { n: String(i + 1) })}
              aria-haspopup="dialog"
              onClick={(e) => void open(p.id, e.currentTarget)}
            >
              {p.thumbnailUrl ? (
                <img src={p.thumbnailUrl} alt="" width={p.width} height={p.height} loading="lazy" decoding="async" onError={failed} />
              ) : (
                <span class="photo-none">{t('item.photoNoPreview')}</span>
              )}
            </button>
            {officer && <Evidence t={t} lang={lang} photo={p} />}
          </li>
        ))}
      </ul>
      {current && (
        <PhotoViewer
          t={t}
          lang={lang}
          photo={current}
          n={index + 1}
          officer={officer}
          onError={failed}
          onClose={() => {
            setOpenId(null);
            opener.current?.focus();
          }}
        />
      )}
    </section>
  );
}

function PhotoViewer({
  t,
  lang,
  photo,
  n,
  officer,
  onError,
  onClose,
}: {
  t: Translate;
  lang: Lang;
  photo: Photo;
  n: number;
  officer: boolean;
  onError: () => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (typeof d.showModal === 'function' && !d.open) d.showModal();
    else d.setAttribute('open', '');
    const close = () => onClose();
    d.addEventListener('close', close);
    return () => {
      d.removeEventListener('close', close);
      if (d.open && typeof d.close === 'function') d.close();
    };
  }, []);

  useEffect(() => {
    setLoaded(false);
  }, [photo.url]);

  const title = t('item.photoAlt', { n: String(n) });
  return (
    <dialog ref={dialog} class="photo-viewer" aria-labelledby="photo-viewer-title" data-photo-id={photo.id}>
      <div class="photo-viewer-bar">
        <h2 id="photo-viewer-title">{title}</h2>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            const d = dialog.current;
            if (d?.open && typeof d.close === 'function') d.close(); // fires `close`
            else onClose();
          }}
        >
          {t('item.photoClose')}
        </button>
      </div>
      {photo.url ? (
        <>
          {!loaded && <p class="muted small">{t('item.photoLoading')}</p>}
          <img
            src={photo.url}
            alt={title}
            width={photo.width}
            height={photo.height}
            onLoad={() => setLoaded(true)}
            onError={onError}
          />
        </>
      ) : (
        <p class="muted">{t('item.photoNoPreview')}</p>
      )}
      {officer && (
        <div class="photo-viewer-facts">
          <Evidence t={t} lang={lang} photo={photo} />
          {photo.originalUrl && (
            <a href={photo.originalUrl} target="_blank" rel="noopener">
              {t('item.photoOriginal')}
            </a>
          )}
        </div>
      )}
    </dialog>
  );
}
