// One patrol on the phone: who is on it, its check-ins and findings (with what still waits in the
// outbox), checking in at a community, recording a finding (both through the outbox: they work
// offline and are sent when the phone is back online), and ending it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import { EndPatrolMutation, PatrolQuery } from '../../graphql/patrol-operations';
import type { Patrol } from '../../graphql/patrol-types';
import type { CommunityDetail, MatterSummary } from '../../graphql/types';
import { cachedMatters, loadMatters } from '../../places';
import { errorText, formatTime, useHeadingFocus } from '../../ui';
import { useOutboxEntries } from '../outbox-panel';
import { PhotoPicker, usePhotoDraft } from '../photo-picker';
import { Said, useMyCommunities, type Message } from './common';
import { checkinEntry, findingEntry, pendingFor, quickPosition, unitOptions } from './logic';

const TEXT_LIMIT = 2000;

export function PatrolScreen({ id }: { id: string }) {
  const env = useEnv();
  const { t, lang, call, offline, focusHeading } = env;
  const heading = useHeadingFocus(focusHeading);
  const [patrol, setPatrol] = useState<Patrol | null>(null);
  const [error, setError] = useState<string | null>(null);
  const communities = useMyCommunities(env);
  const pending = pendingFor(useOutboxEntries(), id);
  const pendingCount = useRef(pending.length);

  const load = async () => {
    try {
      setPatrol((await call(PatrolQuery, { id })).patrol);
      setError(null);
    } catch (e) {
      setError(errorText(t, e));
    }
  };

  useEffect(() => {
    if (!offline) void load();
  }, [id, offline, lang]);

  // A check-in or finding left the outbox: read the patrol again.
  useEffect(() => {
    if (pending.length < pendingCount.current && !offline) void load();
    pendingCount.current = pending.length;
  }, [pending.length]);

  const ended = !!patrol?.endedAt;
  const pendingCheckins = pending.filter((e) => e.kind === 'patrolCheckin');
  const pendingFindings = pending.filter((e) => e.kind === 'patrolFinding');

  return (
    <main class="content">
      <div class="screen">
        <h1 ref={heading} tabIndex={-1}>
          {t('patrol.title')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error && !patrol ? 'error' : 'sr-empty'}>
          {error && !patrol ? error : null}
        </div>
        <p>
          <a class="inline-link" href="/patrols" data-link="today">
            {t('pt.todayLink')}
          </a>
        </p>
        {!patrol && !error && !offline && <p role="status">{t('common.loading')}</p>}
        {patrol && (
          <dl class="card" data-patrol-id={patrol.id} data-ended={String(ended)}>
            <div>
              <dt>{t('pt.officers')}</dt>
              <dd>{patrol.officers.map((o) => o.name).join('、')}</dd>
            </div>
            <div>
              <dt>{t('pt.startedAt', { time: '' }).trim()}</dt>
              <dd>{formatTime(lang, patrol.startedAt)}</dd>
            </div>
          </dl>
        )}
        {ended && patrol?.endedAt && <p class="notice">{t('pt.ended', { time: formatTime(lang, patrol.endedAt) })}</p>}

        <section class="card" aria-labelledby="pt-checkins-heading">
          <h2 id="pt-checkins-heading">{t('pt.checkinsHeading')}</h2>
          {(patrol?.checkins.length ?? 0) + pendingCheckins.length === 0 ? (
            <p class="muted">{t('pt.noCheckins')}</p>
          ) : (
            <ul class="plain-list" data-list="checkins">
              {patrol?.checkins.map((c) => (
                <li key={c.id} data-checkin-id={c.id} data-community-id={c.community.id}>
                  <strong>{c.community.name}</strong>{' '}
                  {c.latitude !== null && <span class="chip chip-neutral">{t('pt.located')}</span>}
                  <p class="muted small">{formatTime(lang, c.at)}</p>
                </li>
              ))}
              {pendingCheckins.map((e) => (
                <li key={e.key} data-outbox-key={e.key} data-outbox-state={e.state}>
                  <strong>{e.title}</strong>{' '}
                  <span class={`chip ${e.state === 'queued' ? 'chip-warn' : 'chip-danger'}`}>{t(e.state === 'queued' ? 'pt.waiting' : 'pt.needsAttention')}</span>
                  {e.error && e.state === 'attention' && <Refused entryKey={e.key} message={e.error.message} />}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section class="card" aria-labelledby="pt-findings-heading">
          <h2 id="pt-findings-heading">{t('pt.findingsHeading')}</h2>
          {(patrol?.findings.length ?? 0) + pendingFindings.length === 0 ? (
            <p class="muted">{t('pt.noFindings')}</p>
          ) : (
            <ul class="plain-list" data-list="findings">
              {patrol?.findings.map((f) => (
                <li key={f.id} data-finding-id={f.id} data-item-id={f.item.id}>
                  <a class="inline-link" href={`/items/${encodeURIComponent(f.item.id)}`}>
                    {t('pt.findingItem', { id: f.item.id.slice(0, 8) })}
                  </a>{' '}
                  {f.joined && <span class="chip chip-neutral">{t('pt.joined')}</span>}
                </li>
              ))}
              {pendingFindings.map((e) => (
                <li key={e.key} data-outbox-key={e.key} data-outbox-state={e.state}>
                  <strong>{e.title}</strong>{' '}
                  <span class={`chip ${e.state === 'queued' ? 'chip-warn' : 'chip-danger'}`}>{t(e.state === 'queued' ? 'pt.waiting' : 'pt.needsAttention')}</span>
                  <p class="excerpt">{e.text}</p>
                  {e.error && e.state === 'attention' && <Refused entryKey={e.key} message={e.error.message} />}
                </li>
              ))}
            </ul>
          )}
        </section>

        {patrol && !ended && (
          <>
            <CheckIn patrolId={id} communities={communities ?? []} />
            <Finding patrolId={id} communities={communities ?? []} />
            <EndPatrol patrolId={id} waiting={pending.length} onEnded={setPatrol} />
          </>
        )}
      </div>
    </main>
  );
}

/** The server refused an entry: its message, and a button to drop it (it would never be sent as it is). */
function Refused({ entryKey, message }: { entryKey: string; message: string }) {
  const { t, outbox } = useEnv();
  return (
    <>
      <p class="field-error">{message}</p>
      <button class="secondary" type="button" onClick={() => void outbox.discard(entryKey)}>
        {t('pt.remove')}
      </button>
    </>
  );
}

function CommunitySelect({ id, value, onChange, communities, invalid }: { id: string; value: string; onChange: (v: string) => void; communities: readonly CommunityDetail[]; invalid: boolean }) {
  const { t } = useEnv();
  return (
    <div class="field">
      <label for={id}>{t('pt.community')}</label>
      <select id={id} value={value} aria-invalid={invalid ? true : undefined} aria-describedby={invalid ? `${id}-error` : undefined} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{t('pt.chooseCommunity')}</option>
        {communities.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      {invalid && (
        <p id={`${id}-error`} class="field-error">
          {t('pt.required')}
        </p>
      )}
    </div>
  );
}

function CheckIn({ patrolId, communities }: { patrolId: string; communities: readonly CommunityDetail[] }) {
  const { t, user, outbox } = useEnv();
  const [communityId, setCommunityId] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    const community = communities.find((c) => c.id === communityId);
    setMissing(!community);
    if (!community) return;
    setBusy(true);
    setMessage(null);
    try {
      // The tap's time; the position only if the phone gives it quickly.
      const at = new Date();
      const position = await quickPosition(2500);
      const key = crypto.randomUUID();
      const result = await outbox.submit(checkinEntry({ key, userId: user.id, patrolId, community, at, position }));
      if (result.state === 'attention') {
        await outbox.discard(key);
        setMessage({ tone: 'alert', text: result.message });
        return;
      }
      setCommunityId('');
      setMessage({ tone: 'status', text: t(result.state === 'sent' ? 'pt.checkinSent' : 'pt.checkinQueued') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card action-form" noValidate onSubmit={submit} data-action="checkin" aria-labelledby="pt-checkin-heading">
      <h2 id="pt-checkin-heading">{t('pt.checkinHeading')}</h2>
      <CommunitySelect id="pt-checkin-community" value={communityId} onChange={setCommunityId} communities={communities} invalid={missing} />
      <Said message={message} />
      <button class="primary" type="submit" disabled={busy}>
        {busy ? t('file.submitting') : t('pt.checkIn')}
      </button>
    </form>
  );
}

function Finding({ patrolId, communities }: { patrolId: string; communities: readonly CommunityDetail[] }) {
  const { t, lang, user, storage, call, offline, outbox } = useEnv();
  const photos = usePhotoDraft(`${user.id}.patrol.${patrolId}`, false);
  const [matters, setMatters] = useState<MatterSummary[]>(() => cachedMatters(storage, lang) ?? []);
  const [communityId, setCommunityId] = useState('');
  const [unitId, setUnitId] = useState('');
  const [matterCode, setMatterCode] = useState('');
  const [description, setDescription] = useState('');
  const [missing, setMissing] = useState({ community: false, unit: false, matter: false, description: false });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);

  useEffect(() => {
    if (!offline) loadMatters(call, storage, lang).then(setMatters, () => undefined);
  }, [offline, lang]);

  const community = communities.find((c) => c.id === communityId);
  const units = unitOptions(community);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy || photos.processing > 0) return;
    const m = { community: !community, unit: !unitId, matter: !matterCode, description: !description.trim() };
    setMissing(m);
    if (m.community || m.unit || m.matter || m.description) {
      document
        .getElementById(m.community ? 'pt-finding-community' : m.unit ? 'pt-finding-unit' : m.matter ? 'pt-finding-matter' : 'pt-finding-description')
        ?.focus();
      return;
    }
    setBusy(true);
    setMessage(null);
    // The key is made with the tap: every later try (page or service worker) sends the same one.
    const key = crypto.randomUUID();
    try {
      const unit = units.find((u) => u.id === unitId);
      const entry = findingEntry({
        key,
        userId: user.id,
        patrolId,
        community: community!,
        unitId,
        matterCode: matterCode || null,
        title: `${community!.name}${unit ? ` ${unit.label}` : ''}`,
        description,
        photos: photos.stored(),
      });
      const result = await outbox.submit(entry);
      if (result.state === 'attention') {
        await outbox.discard(key);
        photos.setErrors(result.photoErrors ?? []);
        setMessage({ tone: 'alert', text: result.message });
        return;
      }
      setDescription('');
      setUnitId('');
      setMatterCode('');
      photos.clear();
      setMessage({ tone: 'status', text: t(result.state === 'sent' ? 'pt.findingSent' : 'pt.findingQueued') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card action-form" noValidate onSubmit={submit} data-action="finding" aria-labelledby="pt-finding-heading">
      <h2 id="pt-finding-heading">{t('pt.findingHeading')}</h2>
      <CommunitySelect
        id="pt-finding-community"
        value={communityId}
        onChange={(v) => {
          setCommunityId(v);
          setUnitId('');
        }}
        communities={communities}
        invalid={missing.community}
      />
      <div class="field">
        <label for="pt-finding-unit">{t('pt.unit')}</label>
        <select
          id="pt-finding-unit"
          value={unitId}
          disabled={!community}
          aria-invalid={missing.unit ? true : undefined}
          aria-describedby={missing.unit ? 'pt-finding-unit-error' : undefined}
          onChange={(e) => setUnitId(e.currentTarget.value)}
        >
          <option value="">{t('pt.chooseUnit')}</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.label}
            </option>
          ))}
        </select>
        {missing.unit && (
          <p id="pt-finding-unit-error" class="field-error">
            {t('pt.required')}
          </p>
        )}
      </div>
      <div class="field">
        <label for="pt-finding-matter">{t('pt.matter')}</label>
        <select
          id="pt-finding-matter"
          value={matterCode}
          aria-invalid={missing.matter ? true : undefined}
          aria-describedby={missing.matter ? 'pt-finding-matter-error' : undefined}
          onChange={(e) => setMatterCode(e.currentTarget.value)}
        >
          <option value="">{t('pt.chooseMatter')}</option>
          {matters.map((m) => (
            <option key={m.code} value={m.code}>
              {m.name}
            </option>
          ))}
        </select>
        {missing.matter && (
          <p id="pt-finding-matter-error" class="field-error">
            {t('pt.required')}
          </p>
        )}
      </div>
      <div class="field">
        <label for="pt-finding-description">{t('pt.description')}</label>
        <textarea
          id="pt-finding-description"
          rows={3}
          maxLength={TEXT_LIMIT}
          value={description}
          aria-invalid={missing.description ? true : undefined}
          aria-describedby={missing.description ? 'pt-finding-description-error' : undefined}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
        {missing.description && (
          <p id="pt-finding-description-error" class="field-error">
            {t('pt.required')}
          </p>
        )}
      </div>
      <p class="label-like">
        {t('pt.photos')}
        <span class="muted">{t('common.optional')}</span>
      </p>
      <PhotoPicker t={t} draft={photos} disabled={busy} />
      <Said message={message} />
      <button class="primary" type="submit" disabled={busy || photos.processing > 0}>
        {busy ? t('file.submitting') : photos.processing > 0 ? t('photos.waiting') : t('pt.recordFinding')}
      </button>
    </form>
  );
}

function EndPatrol({ patrolId, waiting, onEnded }: { patrolId: string; waiting: number; onEnded: (p: Patrol) => void }) {
  const { t, call, offline } = useEnv();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);

  const end = async () => {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const { endPatrol } = await call(EndPatrolMutation, { patrolId });
      if (endPatrol.patrol && endPatrol.userErrors.length === 0) onEnded(endPatrol.patrol);
      else setMessage({ tone: 'alert', text: endPatrol.userErrors.map((u) => u.message).join(' ') });
    } catch (e) {
      setMessage({ tone: 'alert', text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="card">
      {waiting > 0 && <p class="muted small">{t('pt.endWaiting', { n: String(waiting) })}</p>}
      <Said message={message} />
      <button class="secondary danger" type="button" data-action="end-patrol" disabled={busy || offline || waiting > 0} onClick={() => void end()}>
        {t('pt.end')}
      </button>
    </div>
  );
}
