// The filing screen (SPEC §4): complaint, property report, suggestion. Drafts are kept on the phone;
// every filing goes through the outbox with the idempotency key it gets here.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useEnv } from '../env';
import type { MessageKey } from '../i18n';
import { SimilarOpenItemsQuery } from '../graphql/operations';
import { MATTER_CATEGORIES, type CommunityDetail, type MatterSummary, type OpenItemHint } from '../graphql/types';
import { clearDraft, loadDraft, saveDraft, type Draft } from '../drafts';
import type { OutboxEntry } from '../outbox/store';
import {
  cachedHome,
  cachedMatters,
  cachedMyCommunities,
  filterCommunities,
  loadHome,
  loadMatters,
  loadMyCommunities,
  type Home,
} from '../places';
import { PhotoPicker, usePhotoDraft } from './photo-picker';
import { StatusChip, errorText, formatTime, localInputToIso, nowLocalInput, useHeadingFocus } from '../ui';

type Mode = 'complaint' | 'suggestion' | 'propertyReport';

type Notice =
  | { tone: 'status'; key: MessageKey; itemId?: string | null }
  | { tone: 'alert'; text: string }
  | null;

const TEXT_LIMIT = 2000;


/** Illegal construction: the server starts the on-site clock (2 hours while still being built). */
const ILLEGAL_CONSTRUCTION = 'C1';
export function FileScreen() {
  const { t, lang, user, storage, outbox, call, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const isProperty = user.role === 'PROPERTY';
  const isResident = user.role === 'RESIDENT';
  const pickCommunity = !isResident; // committees and firms choose among their communities

  const [mode, setMode] = useState<Mode>(() => {
    if (isProperty) return 'propertyReport';
    return storage.getItem(`gongzhi.fileMode.${user.id}`) === 'suggestion' ? 'suggestion' : 'complaint';
  });
  const [values, setValues] = useState<Draft>(() => loadDraft(storage, user.id, mode));
  const [errors, setErrors] = useState<Record<string, MessageKey>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [similar, setSimilar] = useState<OpenItemHint[] | null>(null);

  const [matters, setMatters] = useState<MatterSummary[] | null>(() => cachedMatters(storage, lang));
  const [home, setHome] = useState<Home | null>(() => (isResident ? cachedHome(storage, user) : null));
  // The caller's own communities with their buildings and units (a resident's: the home community).
  const [mine, setMine] = useState<CommunityDetail[] | null>(() => cachedMyCommunities(storage, user));
  const [search, setSearch] = useState('');
  const communities = useMemo(() => (mine ? filterCommunities(mine, search) : null), [mine, search]);
  const communityId = isResident ? (home?.communityId ?? '') : String(values['communityId'] ?? '');
  const detail = useMemo(() => mine?.find((c) => c.id === communityId) ?? null, [mine, communityId]);
  const photos = usePhotoDraft(user.id);
  const withPhotos = mode !== 'suggestion';

  const str = (name: string) => String(values[name] ?? '');
  const bool = (name: string) => values[name] === true;

  // Reference data: shown from the cache at once, refreshed when online.
  useEffect(() => {
    if (offline) return;
    loadMatters(call, storage, lang).then(setMatters, () => undefined);
  }, [lang, offline]);

  useEffect(() => {
    if (!isResident || offline) return;
    let live = true;
    loadHome(call, storage, user).then((h) => live && setHome(h), () => undefined);
    return () => {
      live = false;
    };
  }, [user.id, offline]);

  useEffect(() => {
    if (offline) return;
    let live = true;
    loadMyCommunities(call, storage, user).then((list) => live && setMine(list), () => undefined);
    return () => {
      live = false;
    };
  }, [user.id, offline]);

  // A committee or firm with a single community has nothing to choose.
  useEffect(() => {
    if (pickCommunity && mine?.length === 1 && !values['communityId']) update({ communityId: mine[0]!.id, unitId: '' });
  }, [mine]);

  // The unit defaults to the resident's home once it is known.
  useEffect(() => {
    if (isResident && home?.unitId && values['unitId'] === undefined) update({ unitId: home.unitId });
  }, [home?.unitId]);

  const update = (patch: Draft) => {
    setValues((prev) => {
      const next = { ...prev, ...patch };
      saveDraft(storage, user.id, mode, next);
      return next;
    });
    setErrors((prev) => {
      const left = { ...prev };
      for (const k of Object.keys(patch)) delete left[k];
      return left;
    });
  };

  const switchMode = (next: Mode) => {
    if (next === mode) return;
    storage.setItem(`gongzhi.fileMode.${user.id}`, next);
    setMode(next);
    setValues(loadDraft(storage, user.id, next));
    setErrors({});
    setNotice(null);
    setSimilar(null);
  };

  const grouped = useMemo(
    () =>
      MATTER_CATEGORIES.map((c) => ({ category: c, list: (matters ?? []).filter((m) => m.category === c) })).filter(
        (g) => g.list.length > 0,
      ),
    [matters],
  );

  const formRef = useRef<HTMLFormElement>(null);

  /** Client-side check: every `required` field filled. Reads the DOM, so removing `required` skips it. */
  const validate = (): boolean => {
    const form = formRef.current;
    if (!form) return true;
    const found: Record<string, MessageKey> = {};
    let first: HTMLElement | null = null;
    for (const el of Array.from(form.elements)) {
      if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)) continue;
      if (!el.required || !el.name) continue;
      const empty = el instanceof HTMLInputElement && el.type === 'radio' ? !form.querySelector(`input[name="${el.name}"]:checked`) : el.value.trim() === '';
      if (empty && !found[el.name]) {
        found[el.name] = el instanceof HTMLSelectElement || el.type === 'radio' ? 'file.requiredChoice' : 'file.required';
        first ??= el;
      }
    }
    setErrors(found);
    if (first) {
      (first as HTMLElement).focus();
      return false;
    }
    return true;
  };

  const buildEntry = (): OutboxEntry => {
    const attached = withPhotos ? photos.stored() : [];
    const key = crypto.randomUUID();
    const base = {
      key,
      userId: user.id,
      createdAt: new Date().toISOString(),
      state: 'queued' as const,
      attempts: 0,
      error: null,
    };
    const matterCode = str('matterCode') || null;
    const matterName = matters?.find((m) => m.code === matterCode)?.name ?? null;
    const unitId = str('unitId') || null;
    const cid = communityId || null;
    if (mode === 'suggestion') {
      return {
        ...base,
        kind: 'suggestion',
        title: str('topic').trim(),
        text: str('reasons').trim(),
        input: {
          idempotencyKey: key,
          communityId: cid,
          topic: str('topic').trim(),
          reasons: str('reasons').trim(),
          measures: str('measures').trim(),
        },
      };
    }
    if (mode === 'propertyReport') {
      const d = {
        at: localInputToIso(str('dissuasionAt')),
        method: str('dissuasionMethod').trim(),
        by: str('dissuasionBy').trim(),
        ownerResponse: str('dissuasionOwnerResponse').trim(),
      };
      const anyDissuasion = d.at || d.method || d.by || d.ownerResponse;
      return {
        ...base,
        kind: 'propertyReport',
        ...(attached.length > 0 ? { photos: attached } : {}),
        title: matterName,
        text: str('description').trim(),
        input: {
          idempotencyKey: key,
          matterCode,
          communityId: cid ?? '',
          unitId,
          description: str('description').trim(),
          seenAt: localInputToIso(str('seenAt')),
          publicSafety: bool('publicSafety'),
          stillBeingBuilt: matterCode === ILLEGAL_CONSTRUCTION && bool('stillBeingBuilt'),
          // Without a record the server refuses the report with a userError (the client check comes first).
          dissuasion: anyDissuasion ? { ...d, at: d.at ?? '' } : null,
        },
      };
    }
    return {
      ...base,
      kind: 'complaint',
      ...(attached.length > 0 ? { photos: attached } : {}),
      title: matterName,
      text: str('description').trim(),
      input: {
        idempotencyKey: key,
        matterCode,
        communityId: cid,
        unitId: cid ? unitId : null,
        description: str('description').trim(),
        seenAt: localInputToIso(str('seenAt')),
        publicSafety: bool('publicSafety'),
        stillBeingBuilt: matterCode === ILLEGAL_CONSTRUCTION && bool('stillBeingBuilt'),
        anonymous: isResident && bool('anonymous'),
      },
    };
  };

  const send = async (entry: OutboxEntry) => {
    setBusy(true);
    try {
      const result = await outbox.submit(entry);
      if (result.state === 'attention') {
        // Shown here, next to the form that still holds the text: not left in the outbox as well.
        await outbox.discard(entry.key);
        setSimilar(null); // (sent from the duplicate hint: back to the form, where the message is)
        const photoErrors = result.photoErrors ?? [];
        const photoProblem = photoErrors.length > 0 ? t('photos.refused', { n: String(photoErrors.length) }) : '';
        setNotice({ tone: 'alert', text: t('file.refused', { message: [result.message, photoProblem].filter(Boolean).join(' ') }) });
        photos.setErrors(photoErrors);
        return;
      }
      clearDraft(storage, user.id, mode);
      if (entry.kind !== 'suggestion') photos.clear();
      setValues({
        ...(isResident && home?.unitId ? { unitId: home.unitId } : {}),
        ...(pickCommunity && mine?.length === 1 ? { communityId: mine[0]!.id } : {}),
      });
      setSimilar(null);
      const joined = entry.kind === 'join';
      setNotice(
        result.state === 'sent'
          ? { tone: 'status', key: joined ? 'file.joined' : 'file.sent', itemId: result.itemId }
          : { tone: 'status', key: joined ? 'file.joinQueued' : 'file.queued' },
      );
    } catch (e) {
      setSimilar(null);
      setNotice({ tone: 'alert', text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy || photos.processing > 0) return;
    setNotice(null);
    if (!validate()) return;
    const entry = buildEntry();
    // The duplicate hint: the same point may already be open; "me too" instead of a new filing.
    if (entry.kind === 'complaint' && communityId && !offline && navigator.onLine !== false) {
      setBusy(true);
      try {
        const { similarOpenItems } = await call(SimilarOpenItemsQuery, {
          communityId,
          unitId: str('unitId') || null,
          matterCode: str('matterCode') || null,
        });
        if (similarOpenItems.length > 0) {
          pending.current = entry;
          setSimilar(similarOpenItems);
          setBusy(false);
          return;
        }
      } catch {
        // No hint then: filing matters more than the hint.
      }
      setBusy(false);
    }
    await send(entry);
  };

  const pending = useRef<OutboxEntry | null>(null);
  const similarHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (similar) similarHeading.current?.focus();
  }, [similar]);

  const hintTitle = (item: OpenItemHint) => item.matter?.name ?? t('item.matterUnsure');
  const meToo = (item: OpenItemHint) => {
    const key = crypto.randomUUID();
    void send({
      kind: 'join',
      key,
      userId: user.id,
      createdAt: new Date().toISOString(),
      state: 'queued',
      attempts: 0,
      error: null,
      title: hintTitle(item),
      text: [detail?.name ?? home?.communityName, item.unitLabel].filter(Boolean).join(' '),
      input: { itemId: item.id, idempotencyKey: key },
    });
  };

  const field = (name: string) => ({
    id: `f-${name}`,
    name,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': [errors[name] ? `f-${name}-error` : null, hints[name] ? `f-${name}-hint` : null].filter(Boolean).join(' ') || undefined,
  });
  const hints: Record<string, MessageKey> = { description: 'file.descriptionHint', communitySearch: 'file.communitySearchHint' };
  const FieldError = ({ name }: { name: string }) =>
    errors[name] ? (
      <p id={`f-${name}-error`} class="field-error">
        {t(errors[name]!)}
      </p>
    ) : null;
  const textInput = (name: string, label: MessageKey, opts: { required?: boolean; multiline?: boolean; type?: 'text' | 'datetime-local' } = {}) => (
    <div class="field">
      <label for={`f-${name}`}>
        {t(label)}
        {!opts.required && <span class="muted">{t('common.optional')}</span>}
      </label>
      {hints[name] && (
        <p id={`f-${name}-hint`} class="hint">
          {t(hints[name]!)}
        </p>
      )}
      {opts.multiline ? (
        <textarea
          {...field(name)}
          rows={4}
          maxLength={TEXT_LIMIT}
          required={opts.required}
          value={str(name)}
          onInput={(e) => update({ [name]: e.currentTarget.value })}
        />
      ) : opts.type === 'datetime-local' ? (
        <input
          {...field(name)}
          type="datetime-local"
          required={opts.required}
          max={nowLocalInput()}
          value={str(name)}
          onInput={(e) => update({ [name]: e.currentTarget.value })}
        />
      ) : (
        <input
          {...field(name)}
          type="text"
          required={opts.required}
          value={str(name)}
          onInput={(e) => update({ [name]: e.currentTarget.value })}
        />
      )}
      <FieldError name={name} />
    </div>
  );
  const checkbox = (name: string, label: MessageKey) => (
    <div class="check">
      <input id={`f-${name}`} name={name} type="checkbox" checked={bool(name)} onChange={(e) => update({ [name]: e.currentTarget.checked })} />
      <label for={`f-${name}`}>{t(label)}</label>
    </div>
  );

  const errorCount = Object.keys(errors).length;
  const headingKey: MessageKey = isProperty ? 'file.headingProperty' : 'file.title';

  if (similar) {
    return (
      <main class="content">
        <div class="screen">
          <h1 ref={similarHeading} tabIndex={-1}>
            {t('file.similarHeading')}
          </h1>
          <p>{isResident ? t('file.similarIntro') : t('file.similarIntroCommittee')}</p>
          <ul class="list" aria-label={t('file.similarHeading')}>
            {similar.map((item) => (
              <li key={item.id} class="card" data-item-id={item.id}>
                <h2>{hintTitle(item)}</h2>
                <p class="chips">
                  <StatusChip t={t} status={item.status} />
                  <span class="chip chip-neutral">{t('file.filerCount', { n: String(item.filerCount) })}</span>
                </p>
                <p class="muted small">
                  {[detail?.name ?? home?.communityName, item.unitLabel].filter(Boolean).join(' ')}
                </p>
                <p class="muted small">{t('item.createdAt')}: {formatTime(lang, item.createdAt)}</p>
                {isResident ? (
                  <button class="secondary" type="button" disabled={busy} onClick={() => meToo(item)}>
                    {t('file.meToo')}
                  </button>
                ) : (
                  // "Me too" is a resident's step; a committee can open the item it would repeat.
                  <a class="item-link" href={`/items/${encodeURIComponent(item.id)}`}>
                    {t('file.viewItem')}
                  </a>
                )}
              </li>
            ))}
          </ul>
          <div class="actions">
            <button
              class="primary"
              type="button"
              disabled={busy}
              onClick={() => {
                const entry = pending.current;
                pending.current = null;
                if (entry) void send(entry);
              }}
            >
              {busy ? t('file.submitting') : t('file.fileAnyway')}
            </button>
          </div>
        </div>
      </main>
    );
  }

  return (
    <main class="content">
      <form ref={formRef} class="screen" noValidate onSubmit={submit} aria-labelledby="file-heading" data-mode={mode}>
        <h1 id="file-heading" ref={heading} tabIndex={-1}>
          {t(headingKey)}
        </h1>
        <div role="status" class={notice?.tone === 'status' ? 'notice' : 'sr-empty'}>
          {notice?.tone === 'status' && (
            <>
              {t(notice.key)}
              {notice.itemId && (
                <>
                  {' '}
                  <a href={`/items/${encodeURIComponent(notice.itemId)}`}>{t('file.viewItem')}</a>
                </>
              )}
            </>
          )}
        </div>
        <div role="alert" class={notice?.tone === 'alert' || errorCount > 0 ? 'error' : 'sr-empty'}>
          {notice?.tone === 'alert' ? notice.text : errorCount > 0 ? t('file.fixErrors', { n: String(errorCount) }) : null}
        </div>

        {!isProperty && (
          <fieldset class="segmented">
            <legend>{t('file.kind')}</legend>
            {(['complaint', 'suggestion'] as const).map((m) => (
              <label key={m} class={mode === m ? 'selected' : undefined}>
                <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => switchMode(m)} />
                {t(`file.kind.${m}`)}
              </label>
            ))}
          </fieldset>
        )}
        <p class="muted small">{t('file.draftSaved')}</p>

        {pickCommunity ? (
          <>
            <div class="field">
              <label for="f-communitySearch">{t('file.communitySearch')}</label>
              <p id="f-communitySearch-hint" class="hint">
                {t('file.communitySearchHint')}
              </p>
              <input
                id="f-communitySearch"
                type="search"
                aria-describedby="f-communitySearch-hint"
                value={search}
                onInput={(e) => setSearch(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="f-communityId">{t('file.community')}</label>
              <select
                {...field('communityId')}
                required
                value={str('communityId')}
                onChange={(e) => update({ communityId: e.currentTarget.value, unitId: '' })}
              >
                <option value="">{communities && communities.length === 0 ? t('file.communityNone') : t('file.communityChoose')}</option>
                {(communities ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
                {str('communityId') && !(communities ?? []).some((c) => c.id === str('communityId')) && detail && (
                  <option value={detail.id}>{detail.name}</option>
                )}
              </select>
              <FieldError name="communityId" />
            </div>
          </>
        ) : (
          <div class="field">
            <p class="label-like">{t('file.place')}</p>
            <p class="muted" data-field="home">
              {t('file.placeHome', { home: home ? `${home.communityName} ${home.unitLabel}` : user.scope.label })}
            </p>
          </div>
        )}

        {mode !== 'suggestion' && (
          <>
            {detail && detail.buildings.length > 0 && (
              <div class="field">
                <label for="f-unitId">
                  {t('file.unit')}
                  <span class="muted">{t('common.optional')}</span>
                </label>
                <select {...field('unitId')} value={str('unitId')} onChange={(e) => update({ unitId: e.currentTarget.value })}>
                  <option value="">{t('file.unitNone')}</option>
                  {detail.buildings.map((b) => (
                    <optgroup key={b.id} label={b.name}>
                      {b.units.map((u) => (
                        <option key={u.id} value={u.id}>
                          {`${b.name} ${u.number}`}
                          {home?.unitId === u.id ? t('file.homeUnit') : ''}
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </select>
              </div>
            )}
            <div class="field">
              <label for="f-matterCode">{t('file.matter')}</label>
              <select {...field('matterCode')} value={str('matterCode')} onChange={(e) => update({ matterCode: e.currentTarget.value })}>
                <option value="">{t('file.matterUnsure')}</option>
                {grouped.map((g) => (
                  <optgroup key={g.category} label={t(`category.${g.category}`)}>
                    {g.list.map((m) => (
                      <option key={m.code} value={m.code}>
                        {m.name}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
            {textInput('description', 'file.description', { required: true, multiline: true })}
            {textInput('seenAt', 'file.seenAt', { type: 'datetime-local' })}
            {checkbox('publicSafety', 'file.publicSafety')}
            {str('matterCode') === ILLEGAL_CONSTRUCTION && checkbox('stillBeingBuilt', 'file.stillBeingBuilt')}
            {isResident && mode === 'complaint' && checkbox('anonymous', 'file.anonymous')}
          </>
        )}

        {mode === 'propertyReport' && (
          <fieldset class="group">
            <legend>{t('file.dissuasion')}</legend>
            <p class="muted small">{t('file.dissuasionIntro')}</p>
            {textInput('dissuasionAt', 'file.dissuasionAt', { required: true, type: 'datetime-local' })}
            {textInput('dissuasionMethod', 'file.dissuasionMethod', { required: true })}
            {textInput('dissuasionBy', 'file.dissuasionBy', { required: true })}
            {textInput('dissuasionOwnerResponse', 'file.dissuasionOwnerResponse', { required: true, multiline: true })}
          </fieldset>
        )}

        {withPhotos && <PhotoPicker t={t} draft={photos} disabled={busy} />}

        {mode === 'suggestion' && (
          <>
            {textInput('topic', 'file.topic', { required: true })}
            {textInput('reasons', 'file.reasons', { required: true, multiline: true })}
            {textInput('measures', 'file.measures', { required: true, multiline: true })}
          </>
        )}

        <div class="actions">
          <button class="primary" type="submit" disabled={busy || (withPhotos && photos.processing > 0)}>
            {busy ? t('file.submitting') : withPhotos && photos.processing > 0 ? t('photos.waiting') : t('file.submit')}
          </button>
        </div>
      </form>
    </main>
  );
}
