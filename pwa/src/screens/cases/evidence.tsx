// A case's evidence: what the server holds (thumbnails, capture time and place), what waits in this
// phone's outbox, and the form that adds one item. The item goes through the outbox like a filing:
// a key made at the tap, sent at once when online (multipart with its photo), else queued and
// replayed; the phone's clock and (if allowed) position are its capture time and place.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import type { Lang, Translate } from '../../i18n';
import { EVIDENCE_KINDS, type Evidence, type EvidenceKind } from '../../graphql/case-types';
import type { OutboxEntry, StoredPhoto } from '../../outbox/store';
import { PhotoError, compressPhoto } from '../../photos';
import { formatTime } from '../../ui';
import { useOutboxEntries } from '../outbox-panel';
import { formatPosition } from '../photo-grid';

export type EvidenceEntry = Extract<OutboxEntry, { kind: 'evidence' }>;

export interface Position {
  latitude: number;
  longitude: number;
}

/** The phone's position, or null when it is not allowed, not there, or too slow. Never throws. */
export function currentPosition(timeoutMs = 8000, geo: Geolocation | undefined = globalThis.navigator?.geolocation): Promise<Position | null> {
  if (!geo) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs + 500);
    try {
      geo.getCurrentPosition(
        (p) => {
          clearTimeout(timer);
          resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude });
        },
        () => {
          clearTimeout(timer);
          resolve(null);
        },
        { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 120_000 },
      );
    } catch {
      clearTimeout(timer);
      resolve(null);
    }
  });
}

/** The outbox entry for one evidence item; `key` is also the idempotency key sent on every try. */
export function evidenceEntry(args: {
  key: string;
  userId: string;
  caseId: string;
  kind: EvidenceKind;
  title: string;
  body: string;
  capturedAt: string;
  position: Position | null;
  photo: StoredPhoto | null;
  now?: Date;
}): EvidenceEntry {
  return {
    kind: 'evidence',
    key: args.key,
    userId: args.userId,
    createdAt: (args.now ?? new Date()).toISOString(),
    state: 'queued',
    title: args.title,
    text: args.body || args.title,
    attempts: 0,
    error: null,
    input: {
      caseId: args.caseId,
      idempotencyKey: args.key,
      kind: args.kind,
      title: args.title,
      body: args.body || null,
      capturedAt: args.capturedAt,
      latitude: args.position?.latitude ?? null,
      longitude: args.position?.longitude ?? null,
    },
    ...(args.photo ? { photo: args.photo } : {}),
  };
}

function EvidenceCard({ t, lang, e, onImageError }: { t: Translate; lang: Lang; e: Evidence; onImageError: () => void }) {
  const position = e.latitude != null && e.longitude != null ? formatPosition(e.latitude, e.longitude) : null;
  return (
    <li class="card evidence" data-evidence-id={e.id} data-evidence-kind={e.kind}>
      {e.thumbnailUrl && (
        <a class="evidence-thumb" href={e.url ?? e.thumbnailUrl} target="_blank" rel="noopener">
          <img src={e.thumbnailUrl} alt={t('evidence.photoOf', { title: e.title })} loading="lazy" onError={onImageError} />
        </a>
      )}
      <div>
        <p class="chips">
          <span class="chip chip-neutral">{t(`evidenceKind.${e.kind}`)}</span>
        </p>
        <p class="evidence-title">{e.title}</p>
        {e.body && <p class="prewrap small">{e.body}</p>}
        {e.capturedAt && (
          <p class="small muted" data-evidence-captured>
            {t('item.photoCaptured', { time: formatTime(lang, e.capturedAt) })}
          </p>
        )}
        {position && (
          <p class="small muted" data-evidence-position>
            {t('item.photoPosition', { position })}
          </p>
        )}
        <p class="small muted">{t('evidence.addedBy', { name: e.addedBy, time: formatTime(lang, e.createdAt) })}</p>
      </div>
    </li>
  );
}

/** The evidence section: server list, this phone's pending items, and the add form. */
export function EvidenceSection({
  caseId,
  evidence,
  canAdd,
  reload,
}: {
  caseId: string;
  evidence: readonly Evidence[] | null;
  canAdd: boolean;
  reload: () => Promise<void>;
}) {
  const { t, lang, outbox, offline } = useEnv();
  const entries = useOutboxEntries();
  const pending = entries.filter((e): e is EvidenceEntry => e.kind === 'evidence' && e.input.caseId === caseId);
  const [busy, setBusy] = useState(false);

  // One of ours left the outbox (sent, here or by the service worker): read the case again.
  // Not gated on `offline`: the send proves the network is back even if the browser's
  // online event has not reached this render yet.
  const pendingCount = useRef(pending.length);
  useEffect(() => {
    if (pending.length < pendingCount.current) void reload();
    pendingCount.current = pending.length;
  }, [pending.length]);

  const reloadedForImage = useRef(false);
  const onImageError = () => {
    if (reloadedForImage.current || offline) return;
    reloadedForImage.current = true; // signed URLs expire: one fresh read, not a loop
    void reload();
  };

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="case-evidence">
      <h2 id="case-evidence">
        {t('evidence.title')} ({(evidence?.length ?? 0) + pending.length})
      </h2>
      {pending.length > 0 && (
        <ul class="list" data-list="pending-evidence">
          {pending.map((e) => (
            <li key={e.key} class="card evidence" data-outbox-key={e.key} data-outbox-state={e.state}>
              <div>
                <p class="chips">
                  <span class={`chip ${e.state === 'queued' ? 'chip-warn' : 'chip-danger'}`}>
                    {e.state === 'queued' ? t('evidence.pending') : t('evidence.refused')}
                  </span>
                  <span class="chip chip-neutral">{t(`evidenceKind.${e.input.kind}`)}</span>
                  {e.photo && <span class="chip chip-neutral">{t('outbox.photos', { n: '1' })}</span>}
                </p>
                <p class="evidence-title">{e.input.title}</p>
                <p class="small muted">{t('outbox.savedAt', { time: formatTime(lang, e.createdAt) })}</p>
                {e.state === 'attention' && e.error && <p class="field-error">{e.error.message}</p>}
                {e.state === 'queued' && e.error && <p class="muted small">{t('outbox.lastError', { message: e.error.message })}</p>}
                {e.state === 'attention' && (
                  <div class="row-actions">
                    <button class="secondary" type="button" disabled={busy || offline} onClick={() => void run(() => outbox.retry(e.key))}>
                      {t('outbox.retry')}
                    </button>
                    <button class="secondary danger" type="button" disabled={busy} onClick={() => void run(() => outbox.discard(e.key))}>
                      {t('outbox.discard')}
                    </button>
                  </div>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {evidence && evidence.length === 0 && pending.length === 0 && <p class="muted">{t('evidence.empty')}</p>}
      {evidence && evidence.length > 0 && (
        <ul class="list" data-list="evidence">
          {evidence.map((e) => (
            <EvidenceCard key={e.id} t={t} lang={lang} e={e} onImageError={onImageError} />
          ))}
        </ul>
      )}
      {canAdd && <AddEvidence caseId={caseId} />}
    </section>
  );
}

function AddEvidence({ caseId }: { caseId: string }) {
  const { t, user, outbox } = useEnv();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<EvidenceKind>('PHOTO');
  const [photo, setPhoto] = useState<(StoredPhoto & { preview: string; takenAt: string }) | null>(null);
  const [busy, setBusy] = useState(false);
  const [processing, setProcessing] = useState(false);
  const [withPosition, setWithPosition] = useState(true);
  const [titleMissing, setTitleMissing] = useState(false);
  const [message, setMessage] = useState<{ tone: 'status' | 'alert'; text: string } | null>(null);

  useEffect(() => () => (photo ? URL.revokeObjectURL(photo.preview) : undefined), [photo]);

  const pick = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const takenAt = new Date().toISOString();
    setProcessing(true);
    setMessage(null);
    try {
      const c = await compressPhoto(file, 0);
      setPhoto({ blob: c.blob, name: c.name, preview: URL.createObjectURL(c.blob), takenAt });
    } catch (e) {
      const problem = e instanceof PhotoError ? e.problem : 'decode';
      setMessage({ tone: 'alert', text: t(problem === 'tooLarge' ? 'photos.tooLarge' : 'photos.unreadable') });
    } finally {
      setProcessing(false);
    }
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy || processing) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    const body = String(data.get('body') ?? '').trim();
    if (!title) {
      setTitleMissing(true);
      (form.querySelector('[name="title"]') as HTMLElement | null)?.focus();
      return;
    }
    setTitleMissing(false);
    // The server refuses a photo item without its photo and any other item without content:
    // say so here, while the officer still has the form, not later from the outbox.
    if (kind === 'PHOTO' && !photo) {
      setMessage({ tone: 'alert', text: t('evidence.photoRequired') });
      return;
    }
    if (kind !== 'PHOTO' && !photo && !body) {
      setMessage({ tone: 'alert', text: t('evidence.bodyRequired') });
      (form.querySelector('[name="body"]') as HTMLElement | null)?.focus();
      return;
    }
    setBusy(true);
    setMessage(null);
    // The key is made with the tap: every later try (page or service worker) sends the same one.
    const key = crypto.randomUUID();
    try {
      const capturedAt = photo?.takenAt ?? new Date().toISOString();
      const position = withPosition ? await currentPosition() : null;
      const entry = evidenceEntry({
        key,
        userId: user.id,
        caseId,
        kind,
        title,
        body,
        capturedAt,
        position,
        photo: photo ? { blob: photo.blob, name: photo.name } : null,
      });
      const result = await outbox.submit(entry);
      if (result.state === 'attention') {
        // Said here, next to the form that still holds it; not left in the outbox as well.
        await outbox.discard(key);
        setMessage({ tone: 'alert', text: t('file.refused', { message: result.message }) });
        return;
      }
      form.reset();
      setKind('PHOTO');
      setPhoto(null);
      setMessage({ tone: 'status', text: result.state === 'sent' ? t('evidence.added') : t('evidence.queued') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <details class="more-action add-evidence" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{t('evidence.add')}</summary>
      <form class="action-form" noValidate onSubmit={submit} data-action="ADD_EVIDENCE" aria-label={t('evidence.add')}>
        <label for="evidence-kind">{t('evidence.kind')}</label>
        <select id="evidence-kind" name="kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as EvidenceKind)}>
          {EVIDENCE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`evidenceKind.${k}`)}
            </option>
          ))}
        </select>
        <label for="evidence-title">{t('evidence.titleField')}</label>
        <input
          id="evidence-title"
          name="title"
          type="text"
          maxLength={200}
          aria-invalid={titleMissing ? true : undefined}
          aria-describedby={titleMissing ? 'evidence-title-error' : undefined}
        />
        {titleMissing && (
          <p id="evidence-title-error" class="field-error">
            {t('file.required')}
          </p>
        )}
        <label for="evidence-body">
          {t('evidence.body')}
          <span class="muted">{t('common.optional')}</span>
        </label>
        <textarea id="evidence-body" name="body" rows={3} maxLength={4000} />
        <p class="label-like">
          {t('evidence.photo')}
          <span class="muted">{t('common.optional')}</span>
        </p>
        {photo && (
          <div class="evidence-preview">
            <img src={photo.preview} alt={t('evidence.photoPreview')} />
            <button class="secondary" type="button" onClick={() => setPhoto(null)}>
              {t('evidence.photoRemove')}
            </button>
          </div>
        )}
        {!photo && (
          <label class="file-button" for="evidence-photo">
            {processing ? t('photos.waiting') : t('photos.camera')}
            <input
              id="evidence-photo"
              name="photo"
              type="file"
              accept="image/*"
              capture="environment"
              disabled={processing || busy}
              onChange={(e) => void pick(e.currentTarget)}
            />
          </label>
        )}
        <div class="check">
          <input id="evidence-position" type="checkbox" checked={withPosition} onChange={(e) => setWithPosition(e.currentTarget.checked)} />
          <label for="evidence-position">{t('evidence.withPosition')}</label>
        </div>
        <p class="hint">{t('evidence.timeHint')}</p>
        <div role="alert" class={message?.tone === 'alert' ? 'error' : 'sr-empty'}>
          {message?.tone === 'alert' ? message.text : null}
        </div>
        <div role="status" class={message?.tone === 'status' ? 'notice' : 'sr-empty'}>
          {message?.tone === 'status' ? message.text : null}
        </div>
        <button class="primary" type="submit" disabled={busy || processing}>
          {busy ? t('file.submitting') : t('evidence.save')}
        </button>
      </form>
    </details>
  );
}
