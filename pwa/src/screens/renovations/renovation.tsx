// One registration (SPEC §8): its details, where it stands, and — for the firm — the steps:
// record the signed notice/commitment, start work, patrol (through the outbox), report a finding
// after failed dissuasion (through the outbox, like a property report), completion check.
// Officers, supervisors and housing see the same page without the firm's buttons.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import type { Lang, MessageKey, Translate } from '../../i18n';
import {
  CompleteRenovationMutation,
  RecordRenovationAgreementMutation,
  RenovationQuery,
  StartRenovationMutation,
} from '../../graphql/renovation-operations';
import { MATTER_CATEGORIES, type MatterSummary, type UserError } from '../../graphql/types';
import type { Renovation, RenovationPayload } from '../../graphql/renovation-types';
import type { StoredPhoto } from '../../outbox/store';
import { PhotoError, compressPhoto } from '../../photos';
import { cachedMatters, loadMatters } from '../../places';
import { StatusChip, errorText, formatTime, localInputToIso, nowLocalInput, useHeadingFocus } from '../../ui';
import { useOutboxEntries } from '../outbox-panel';
import { PhotoPicker, usePhotoDraft } from '../photo-picker';
import { RenovationFlags, RenovationStatusChip, formatDate, placeOf } from './common';
import {
  TEXT_LIMIT,
  findingEntry,
  findingProblems,
  patrolEntry,
  renovationSteps,
  startBlocked,
  todayDate,
  violationFound,
  type FindingEntry,
  type FindingField,
  type PatrolEntry,
  type StepKey,
} from './logic';

/** Illegal construction: the server starts the on-site clock (2 hours while still being built). */
const ILLEGAL_CONSTRUCTION = 'C1';

type Message = { tone: 'status' | 'alert'; text: string } | null;

function Fact({ label, children, field }: { label: string; children: preact.ComponentChildren; field?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-field={field}>{children}</dd>
    </div>
  );
}

function Said({ message }: { message: Message }) {
  return (
    <>
      <div role="alert" class={message?.tone === 'alert' ? 'error' : 'sr-empty'}>
        {message?.tone === 'alert' ? message.text : null}
      </div>
      <div role="status" class={message?.tone === 'status' ? 'notice' : 'sr-empty'}>
        {message?.tone === 'status' ? message.text : null}
      </div>
    </>
  );
}

export function RenovationScreen({ id }: { id: string }) {
  const { t, lang, user, call, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [r, setR] = useState<Renovation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const isFirm = user.role === 'PROPERTY';

  const load = async () => {
    try {
      setR((await call(RenovationQuery, { id })).renovation);
      setError(null);
    } catch (e) {
      setError(errorText(t, e));
    }
  };

  useEffect(() => {
    if (!offline) void load();
  }, [id, offline, lang]);

  // This registration's patrols and reports waiting on the phone; one leaving the outbox: read again.
  const entries = useOutboxEntries();
  const pendingPatrols = entries.filter((e): e is PatrolEntry => e.kind === 'renovationPatrol' && e.input.renovationId === id);
  const pendingReports = entries.filter((e): e is FindingEntry => e.kind === 'renovationReport' && e.input.renovationId === id);
  const pendingCount = useRef(pendingPatrols.length + pendingReports.length);
  useEffect(() => {
    const n = pendingPatrols.length + pendingReports.length;
    if (n < pendingCount.current) void load();
    pendingCount.current = n;
  }, [pendingPatrols.length + pendingReports.length]);

  return (
    <main class="content">
      <div class="screen" data-renovation-id={id} data-status={r?.status ?? undefined}>
        <h1 ref={heading} tabIndex={-1}>
          {r ? placeOf(r) : t('renovation.title')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        {error && (
          <div role="alert" class="error">
            {error}{' '}
            <button class="link" type="button" onClick={() => void load()}>
              {t('common.retry')}
            </button>
          </div>
        )}
        {!r && !error && !offline && <p role="status">{t('common.loading')}</p>}
        {r && (
          <Details
            r={r}
            isFirm={isFirm}
            onChange={setR}
            reload={load}
            pendingPatrols={pendingPatrols}
            pendingReports={pendingReports}
          />
        )}
      </div>
    </main>
  );
}

function Details({
  r,
  isFirm,
  onChange,
  reload,
  pendingPatrols,
  pendingReports,
}: {
  r: Renovation;
  isFirm: boolean;
  onChange: (r: Renovation) => void;
  reload: () => Promise<void>;
  pendingPatrols: readonly PatrolEntry[];
  pendingReports: readonly FindingEntry[];
}) {
  const { t, lang } = useEnv();
  const risks = (['loadBearing', 'waterproofing', 'sharedFacilities'] as const).filter((k) => r[k]);
  return (
    <>
      <p class="chips">
        <RenovationStatusChip t={t} status={r.status} />
        <RenovationFlags t={t} r={r} />
      </p>

      {(r.dutyGaps.length > 0 || (r.status === 'STARTED' && r.nextPatrolDue)) && (
        <section class={`card${r.dutyGaps.length > 0 ? ' card-overdue' : ''}`} aria-labelledby="reno-duty" data-section="duty">
          <h2 id="reno-duty">{t('reno.dutyHeading')}</h2>
          {r.status === 'STARTED' && r.nextPatrolDue && (
            <p data-field="next-patrol">
              <strong>{t('reno.nextPatrolDue', { date: formatDate(lang, r.nextPatrolDue) })}</strong>
            </p>
          )}
          <p class="muted small">{t('reno.patrolEvery', { n: String(r.patrolEveryWorkingDays) })}</p>
          {r.dutyGaps.length > 0 && (
            <>
              <p class="field-error" data-field="duty-gaps">
                {t('reno.gapsIntro', { n: String(r.dutyGaps.length) })}
              </p>
              <ul class="plain-list" data-list="duty-gaps">
                {r.dutyGaps.map((d) => (
                  <li key={d}>{formatDate(lang, d)}</li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}

      <dl class="card facts">
        <Fact label={t('reno.place')} field="place">
          {placeOf(r)}
        </Fact>
        <Fact label={t('reno.firm')}>{r.firmName}</Fact>
        {r.ownerName && (
          <Fact label={t('reno.ownerName')} field="owner">
            {r.ownerName}
            {r.ownerPhone ? ` · ${r.ownerPhone}` : ''}
          </Fact>
        )}
        <Fact label={t('reno.contractorName')} field="contractor">
          {r.contractorName}
          {r.contractorPhone ? ` · ${r.contractorPhone}` : ''}
        </Fact>
        <Fact label={t('reno.plannedPeriod')} field="period">
          {t('reno.periodShort', { start: formatDate(lang, r.plannedStart), end: formatDate(lang, r.plannedEnd) })}
        </Fact>
        <Fact label={t('reno.scopeOfWork')}>
          <span class="prewrap">{r.scopeOfWork}</span>
        </Fact>
        <Fact label={t('reno.riskLegend')} field="risk">
          {risks.length > 0 ? risks.map((k) => t(`reno.${k}`)).join('；') : t('reno.riskNone')}
        </Fact>
        {r.completionNote && (
          <Fact label={t('reno.completionNote')} field="completion">
            <span class="prewrap">{r.completionNote}</span>
          </Fact>
        )}
      </dl>

      <Steps r={r} isFirm={isFirm} onChange={onChange} pendingPatrols={pendingPatrols} />

      {isFirm && violationFound(r, pendingPatrols) && <ReportFinding r={r} />}

      {isFirm && r.status === 'STARTED' && <Complete r={r} onChange={onChange} />}

      <Patrols r={r} pending={pendingPatrols} reload={reload} />
      <Reports r={r} pending={pendingReports} />
    </>
  );
}

const STEP_LABELS: Record<StepKey, MessageKey> = {
  agreement: 'reno.step.agreement',
  start: 'reno.step.start',
  patrol: 'reno.step.patrol',
  complete: 'reno.step.complete',
};

function stepDetail(t: Translate, lang: Lang, r: Renovation, key: StepKey): string | null {
  switch (key) {
    case 'agreement':
      return r.agreementSignedOn ? t('reno.agreementOn', { date: formatDate(lang, r.agreementSignedOn) }) : null;
    case 'start':
      return r.startedOn ? t('reno.startedOn', { date: formatDate(lang, r.startedOn) }) : null;
    case 'patrol':
      return r.patrols.length > 0 ? t('reno.patrolCount', { n: String(r.patrols.length) }) : null;
    case 'complete':
      return r.completedOn ? t('reno.completedOn', { date: formatDate(lang, r.completedOn) }) : null;
  }
}

function Steps({
  r,
  isFirm,
  onChange,
  pendingPatrols,
}: {
  r: Renovation;
  isFirm: boolean;
  onChange: (r: Renovation) => void;
  pendingPatrols: readonly PatrolEntry[];
}) {
  const { t, lang } = useEnv();
  const steps = renovationSteps(r);
  return (
    <section aria-labelledby="reno-steps">
      <h2 id="reno-steps">{t('reno.stepsHeading')}</h2>
      <ol class="steps" data-list="steps">
        {steps.map((s, i) => {
          const detail = stepDetail(t, lang, r, s.key);
          return (
            <li key={s.key} class={`step step-${s.state}`} data-step={s.key} data-step-state={s.state} aria-current={s.state === 'current' ? 'step' : undefined}>
              <p class="step-head">
                <span class="step-number" aria-hidden="true">
                  {s.state === 'done' ? '✓' : i + 1}
                </span>
                <strong>{t(STEP_LABELS[s.key])}</strong>
                <span class="muted small"> · {t(`reno.stepState.${s.state}`)}</span>
              </p>
              {detail && <p class="small">{detail}</p>}
              {s.key === 'agreement' && r.agreementPhotoUrl && (
                <p class="small">
                  <a class="inline-link" href={r.agreementPhotoUrl} target="_blank" rel="noopener">
                    {t('reno.agreementPhoto')}
                  </a>
                </p>
              )}
              {isFirm && s.key === 'agreement' && r.status === 'REGISTERED' && <Agreement r={r} onChange={onChange} />}
              {isFirm && s.key === 'start' && (r.status === 'REGISTERED' || r.status === 'AGREED') && <Start r={r} onChange={onChange} />}
              {isFirm && s.key === 'patrol' && r.status === 'STARTED' && <Patrol r={r} pending={pendingPatrols.length} />}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** One mutation returning the registration: the refusal said at the form, the new state shown. */
function useStep(onChange: (r: Renovation) => void) {
  const { t } = useEnv();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const run = async (fn: () => Promise<RenovationPayload>, done: MessageKey) => {
    setBusy(true);
    setMessage(null);
    try {
      const p = await fn();
      if (p.userErrors.length > 0) setMessage({ tone: 'alert', text: messageOf(p.userErrors) });
      else if (p.renovation) {
        setMessage({ tone: 'status', text: t(done) });
        onChange(p.renovation);
      }
    } catch (e) {
      setMessage({ tone: 'alert', text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };
  return { busy, message, setMessage, run };
}

const messageOf = (errors: readonly UserError[]) => errors.map((u) => u.message).join(' ');

/** One photo, made small on the phone (the signed page, a patrol's photo). */
function useOnePhoto() {
  const { t } = useEnv();
  const [photo, setPhoto] = useState<(StoredPhoto & { preview: string }) | null>(null);
  const [processing, setProcessing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => () => (photo?.preview ? URL.revokeObjectURL(photo.preview) : undefined), [photo]);
  const pick = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setProcessing(true);
    setProblem(null);
    try {
      const c = await compressPhoto(file, 0);
      setPhoto({ blob: c.blob, name: c.name, preview: typeof URL.createObjectURL === 'function' ? URL.createObjectURL(c.blob) : '' });
    } catch (e) {
      const p = e instanceof PhotoError ? e.problem : 'decode';
      setProblem(t(p === 'tooLarge' ? 'photos.tooLarge' : 'photos.unreadable'));
    } finally {
      setProcessing(false);
    }
  };
  return { photo, processing, problem, pick, clear: () => setPhoto(null) };
}

function OnePhoto({ id, label, state, disabled }: { id: string; label: MessageKey; state: ReturnType<typeof useOnePhoto>; disabled: boolean }) {
  const { t } = useEnv();
  return (
    <>
      {state.photo ? (
        <div class="evidence-preview">
          <img src={state.photo.preview} alt={t('reno.photoPreview')} />
          <button class="secondary" type="button" onClick={state.clear}>
            {t('reno.photoRemove')}
          </button>
        </div>
      ) : (
        <label class="file-button" for={id}>
          {state.processing ? t('photos.waiting') : t(label)}
          <input id={id} type="file" accept="image/*" capture="environment" disabled={state.processing || disabled} onChange={(e) => void state.pick(e.currentTarget)} />
        </label>
      )}
      {state.problem && (
        <div role="alert" class="error">
          {state.problem}
        </div>
      )}
    </>
  );
}

function Agreement({ r, onChange }: { r: Renovation; onChange: (r: Renovation) => void }) {
  const { t, call, offline } = useEnv();
  const { busy, message, setMessage, run } = useStep(onChange);
  const photo = useOnePhoto();
  const [signedOn, setSignedOn] = useState(todayDate());
  const [note, setNote] = useState('');
  return (
    <form
      class="action-form"
      noValidate
      data-action="AGREEMENT"
      aria-label={t('reno.step.agreement')}
      onSubmit={(e) => {
        e.preventDefault();
        if (busy || photo.processing || !signedOn) return;
        const p = photo.photo;
        // The server keeps the signed page as the proof: say so here rather than after the round trip.
        if (!p) {
          setMessage({ tone: 'alert', text: t('reno.agreementPhotoRequired') });
          return;
        }
        void run(async () => {
          const input = { renovationId: r.id, signedOn, note: note.trim() || null, photo: null };
          const files = [{ path: 'variables.input.photo', blob: p.blob, name: p.name }];
          return (await call(RecordRenovationAgreementMutation, { input }, files)).recordRenovationAgreement;
        }, 'reno.agreementSaved');
      }}
    >
      <p class="hint">{t('reno.agreementIntro')}</p>
      <label for="reno-signedOn">{t('reno.signedOn')}</label>
      <input id="reno-signedOn" name="signedOn" type="date" required max={todayDate()} value={signedOn} onInput={(e) => setSignedOn(e.currentTarget.value)} />
      <label for="reno-agreementNote">
        {t('reno.note')}
        <span class="muted">{t('common.optional')}</span>
      </label>
      <textarea id="reno-agreementNote" name="note" rows={2} maxLength={TEXT_LIMIT} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <p class="label-like">{t('reno.agreementPhotoField')}</p>
      <OnePhoto id="reno-agreement-photo" label="reno.photoSignedPage" state={photo} disabled={busy} />
      <Said message={message} />
      <button class="primary" type="submit" disabled={busy || offline || photo.processing}>
        {busy ? t('file.submitting') : t('reno.agreementSubmit')}
      </button>
    </form>
  );
}

function Start({ r, onChange }: { r: Renovation; onChange: (r: Renovation) => void }) {
  const { t, call, offline } = useEnv();
  const { busy, message, run } = useStep(onChange);
  const [startedOn, setStartedOn] = useState(todayDate());
  const blocked = startBlocked(r);
  return (
    <form
      class="action-form"
      noValidate
      data-action="START"
      aria-label={t('reno.step.start')}
      onSubmit={(e) => {
        e.preventDefault();
        if (busy || blocked || !startedOn) return;
        void run(async () => (await call(StartRenovationMutation, { input: { renovationId: r.id, startedOn } })).startRenovation, 'reno.startSaved');
      }}
    >
      <label for="reno-startedOn">{t('reno.startedOnField')}</label>
      <input id="reno-startedOn" name="startedOn" type="date" value={startedOn} disabled={!!blocked} onInput={(e) => setStartedOn(e.currentTarget.value)} />
      {blocked === 'needsAgreement' && (
        <p id="reno-start-blocked" class="hint" data-field="start-blocked">
          {t('reno.startNeedsAgreement')}
        </p>
      )}
      <Said message={message} />
      <button class="primary" type="submit" disabled={!!blocked || busy || offline} aria-describedby={blocked ? 'reno-start-blocked' : undefined}>
        {busy ? t('file.submitting') : t('reno.startSubmit')}
      </button>
    </form>
  );
}

function Patrol({ r, pending }: { r: Renovation; pending: number }) {
  const { t, user, outbox } = useEnv();
  const photo = useOnePhoto();
  const [findings, setFindings] = useState('');
  const [violation, setViolation] = useState<'yes' | 'no' | ''>('');
  const [missing, setMissing] = useState<{ findings: boolean; violation: boolean }>({ findings: false, violation: false });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy || photo.processing) return;
    const m = { findings: !findings.trim(), violation: !violation };
    setMissing(m);
    if (m.findings || m.violation) {
      (document.getElementById(m.findings ? 'reno-findings' : 'reno-violation-no') as HTMLElement | null)?.focus();
      return;
    }
    setBusy(true);
    setMessage(null);
    // The key is made with the tap: every later try (page or service worker) sends the same one.
    const key = crypto.randomUUID();
    try {
      const p = photo.photo;
      const entry = patrolEntry({
        key,
        userId: user.id,
        renovationId: r.id,
        title: placeOf(r),
        findings,
        violation: violation === 'yes',
        photo: p ? { blob: p.blob, name: p.name } : null,
      });
      const result = await outbox.submit(entry);
      if (result.state === 'attention') {
        await outbox.discard(key);
        setMessage({ tone: 'alert', text: t('file.refused', { message: result.message }) });
        return;
      }
      setFindings('');
      setViolation('');
      photo.clear();
      setMessage({
        tone: 'status',
        text: t(result.state === 'sent' ? 'reno.patrolSent' : 'reno.patrolQueued'),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="action-form" noValidate onSubmit={submit} data-action="PATROL" aria-label={t('reno.step.patrol')}>
      <label for="reno-findings">{t('reno.findings')}</label>
      <textarea
        id="reno-findings"
        name="findings"
        rows={3}
        maxLength={TEXT_LIMIT}
        value={findings}
        aria-invalid={missing.findings ? true : undefined}
        aria-describedby={missing.findings ? 'reno-findings-error' : undefined}
        onInput={(e) => setFindings(e.currentTarget.value)}
      />
      {missing.findings && (
        <p id="reno-findings-error" class="field-error">
          {t('file.required')}
        </p>
      )}
      <fieldset class="segmented" aria-describedby={missing.violation ? 'reno-violation-error' : undefined}>
        <legend>{t('reno.violation')}</legend>
        {(['no', 'yes'] as const).map((v) => (
          <label key={v} class={violation === v ? 'selected' : undefined}>
            <input id={`reno-violation-${v}`} type="radio" name="violation" value={v} checked={violation === v} onChange={() => setViolation(v)} />
            {t(v === 'yes' ? 'reno.violationYes' : 'reno.violationNo')}
          </label>
        ))}
      </fieldset>
      {missing.violation && (
        <p id="reno-violation-error" class="field-error">
          {t('file.requiredChoice')}
        </p>
      )}
      <p class="label-like">
        {t('reno.patrolPhoto')}
        <span class="muted">{t('common.optional')}</span>
      </p>
      <OnePhoto id="reno-patrol-photo" label="photos.camera" state={photo} disabled={busy} />
      <p class="hint">{t('reno.patrolTimeHint')}</p>
      {pending > 0 && <p class="muted small">{t('reno.patrolsWaiting', { n: String(pending) })}</p>}
      <Said message={message} />
      <button class="primary" type="submit" disabled={busy || photo.processing}>
        {busy ? t('file.submitting') : t('reno.patrolSubmit')}
      </button>
    </form>
  );
}

const FINDING_LABELS: Record<FindingField, MessageKey> = {
  description: 'reno.findingDescription',
  dissuasionAt: 'file.dissuasionAt',
  dissuasionMethod: 'file.dissuasionMethod',
  dissuasionBy: 'file.dissuasionBy',
  dissuasionOwnerResponse: 'file.dissuasionOwnerResponse',
};

function ReportFinding({ r }: { r: Renovation }) {
  const { t, lang, user, storage, call, offline, outbox } = useEnv();
  const photos = usePhotoDraft(`${user.id}.renovation.${r.id}`, false);
  const [matters, setMatters] = useState<MatterSummary[] | null>(() => cachedMatters(storage, lang));
  const [values, setValues] = useState<Record<FindingField | 'matterCode', string> & { stillBeingBuilt: boolean }>(() => ({
    matterCode: '',
    description: '',
    dissuasionAt: '',
    dissuasionMethod: '',
    dissuasionBy: '',
    dissuasionOwnerResponse: '',
    stillBeingBuilt: false,
  }));
  const [missing, setMissing] = useState<FindingField[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (offline) return;
    loadMatters(call, storage, lang).then(setMatters, () => undefined);
  }, [lang, offline]);
  const grouped = useMemo(
    () =>
      MATTER_CATEGORIES.map((c) => ({ category: c, list: (matters ?? []).filter((m) => m.category === c) })).filter((g) => g.list.length > 0),
    [matters],
  );

  const update = (patch: Partial<typeof values>) => {
    setValues((v) => ({ ...v, ...patch }));
    setMissing((m) => m.filter((f) => !(f in patch)));
  };

  const findingValues = () => ({
    matterCode: values.matterCode,
    description: values.description,
    stillBeingBuilt: values.matterCode === ILLEGAL_CONSTRUCTION && values.stillBeingBuilt,
    dissuasion: {
      at: localInputToIso(values.dissuasionAt) ?? '',
      method: values.dissuasionMethod,
      by: values.dissuasionBy,
      ownerResponse: values.dissuasionOwnerResponse,
    },
  });

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy || photos.processing > 0) return;
    setMessage(null);
    const v = findingValues();
    const problems = findingProblems(v);
    setMissing(problems);
    if (problems.length > 0) {
      setMessage({ tone: 'alert', text: t('file.fixErrors', { n: String(problems.length) }) });
      document.getElementById(`reno-${problems[0]}`)?.focus();
      return;
    }
    setBusy(true);
    const key = crypto.randomUUID();
    try {
      const matterName = matters?.find((m) => m.code === v.matterCode)?.name;
      const entry = findingEntry({
        key,
        userId: user.id,
        renovationId: r.id,
        title: matterName ?? placeOf(r),
        values: v,
        photos: photos.stored(),
      });
      const result = await outbox.submit(entry);
      if (result.state === 'attention') {
        await outbox.discard(key);
        const photoProblem = result.photoErrors?.length ? t('photos.refused', { n: String(result.photoErrors.length) }) : '';
        photos.setErrors(result.photoErrors ?? []);
        setMessage({ tone: 'alert', text: t('file.refused', { message: [result.message, photoProblem].filter(Boolean).join(' ') }) });
        return;
      }
      photos.clear();
      update({ matterCode: '', description: '', dissuasionAt: '', dissuasionMethod: '', dissuasionBy: '', dissuasionOwnerResponse: '', stillBeingBuilt: false });
      setMessage({ tone: 'status', text: t(result.state === 'sent' ? 'reno.reportSent' : 'reno.reportQueued') });
    } finally {
      setBusy(false);
    }
  };

  const field = (name: FindingField, multiline = false) => {
    const bad = missing.includes(name);
    const common = {
      id: `reno-${name}`,
      name,
      value: values[name],
      'aria-invalid': bad ? (true as const) : undefined,
      'aria-describedby': bad ? `reno-${name}-error` : undefined,
    };
    return (
      <div class="field">
        <label for={`reno-${name}`}>{t(FINDING_LABELS[name])}</label>
        {multiline ? (
          <textarea {...common} rows={3} maxLength={TEXT_LIMIT} onInput={(e) => update({ [name]: e.currentTarget.value })} />
        ) : name === 'dissuasionAt' ? (
          <input {...common} type="datetime-local" max={nowLocalInput()} onInput={(e) => update({ [name]: e.currentTarget.value })} />
        ) : (
          <input {...common} type="text" maxLength={200} onInput={(e) => update({ [name]: e.currentTarget.value })} />
        )}
        {bad && (
          <p id={`reno-${name}-error`} class="field-error">
            {t('file.required')}
          </p>
        )}
      </div>
    );
  };

  return (
    <section class="card actions-card" aria-labelledby="reno-report" data-section="report">
      <h2 id="reno-report">{t('reno.reportHeading')}</h2>
      <p class="small">{t('reno.reportIntro')}</p>
      <details class="more-action" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>{t('reno.reportOpen')}</summary>
        <form class="action-form" noValidate onSubmit={submit} data-action="REPORT_FINDING" aria-label={t('reno.reportHeading')}>
          <label for="reno-matterCode">
            {t('file.matter')}
            <span class="muted">{t('common.optional')}</span>
          </label>
          <select id="reno-matterCode" name="matterCode" value={values.matterCode} onChange={(e) => update({ matterCode: e.currentTarget.value })}>
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
          {field('description', true)}
          {values.matterCode === ILLEGAL_CONSTRUCTION && (
            <div class="check">
              <input id="reno-stillBeingBuilt" type="checkbox" checked={values.stillBeingBuilt} onChange={(e) => update({ stillBeingBuilt: e.currentTarget.checked })} />
              <label for="reno-stillBeingBuilt">{t('file.stillBeingBuilt')}</label>
            </div>
          )}
          <fieldset class="group">
            <legend>{t('file.dissuasion')}</legend>
            <p class="muted small">{t('reno.dissuasionIntro')}</p>
            {field('dissuasionAt')}
            {field('dissuasionMethod')}
            {field('dissuasionBy')}
            {field('dissuasionOwnerResponse', true)}
          </fieldset>
          <PhotoPicker t={t} draft={photos} disabled={busy} />
          <Said message={message} />
          <button class="primary" type="submit" disabled={busy || photos.processing > 0}>
            {busy ? t('file.submitting') : photos.processing > 0 ? t('photos.waiting') : t('reno.reportSubmit')}
          </button>
        </form>
      </details>
    </section>
  );
}

function Complete({ r, onChange }: { r: Renovation; onChange: (r: Renovation) => void }) {
  const { t, call, offline } = useEnv();
  const { busy, message, setMessage, run } = useStep(onChange);
  const [completedOn, setCompletedOn] = useState(todayDate());
  const [note, setNote] = useState('');
  const [noteMissing, setNoteMissing] = useState(false);
  return (
    <details class="more-action">
      <summary>{t('reno.step.complete')}</summary>
      <form
        class="action-form"
        noValidate
        data-action="COMPLETE"
        aria-label={t('reno.step.complete')}
        onSubmit={(e) => {
          e.preventDefault();
          if (busy) return;
          if (!note.trim()) {
            setNoteMissing(true);
            setMessage(null);
            document.getElementById('reno-completionNote')?.focus();
            return;
          }
          setNoteMissing(false);
          void run(
            async () => (await call(CompleteRenovationMutation, { input: { renovationId: r.id, completedOn, note: note.trim() } })).completeRenovation,
            'reno.completeSaved',
          );
        }}
      >
        <label for="reno-completedOn">{t('reno.completedOnField')}</label>
        <input id="reno-completedOn" type="date" max={todayDate()} value={completedOn} onInput={(e) => setCompletedOn(e.currentTarget.value)} />
        <label for="reno-completionNote">{t('reno.completionNote')}</label>
        <textarea
          id="reno-completionNote"
          rows={3}
          maxLength={TEXT_LIMIT}
          value={note}
          aria-invalid={noteMissing ? true : undefined}
          aria-describedby={noteMissing ? 'reno-completionNote-error' : undefined}
          onInput={(e) => setNote(e.currentTarget.value)}
        />
        {noteMissing && (
          <p id="reno-completionNote-error" class="field-error">
            {t('file.required')}
          </p>
        )}
        <Said message={message} />
        <button class="primary" type="submit" disabled={busy || offline}>
          {busy ? t('file.submitting') : t('reno.completeSubmit')}
        </button>
      </form>
    </details>
  );
}

function Patrols({ r, pending, reload }: { r: Renovation; pending: readonly PatrolEntry[]; reload: () => Promise<void> }) {
  const { t, lang, offline } = useEnv();
  const reloaded = useRef(false);
  const onImageError = () => {
    if (reloaded.current || offline) return;
    reloaded.current = true; // signed URLs expire: one fresh read, not a loop
    void reload();
  };
  const patrols = [...r.patrols].sort((a, b) => b.patrolledAt.localeCompare(a.patrolledAt));
  return (
    <section aria-labelledby="reno-patrols">
      <h2 id="reno-patrols">
        {t('reno.patrolsHeading')} ({r.patrols.length + pending.length})
      </h2>
      {patrols.length === 0 && pending.length === 0 && <p class="muted">{t('reno.patrolsEmpty')}</p>}
      {(pending.length > 0 || patrols.length > 0) && (
        <ul class="list" data-list="patrols">
          {pending.map((e) => (
            <li key={e.key} class="card evidence" data-outbox-key={e.key} data-outbox-state={e.state} data-violation={String(e.input.violation)}>
              <div>
                <p class="chips">
                  <span class={`chip ${e.state === 'queued' ? 'chip-warn' : 'chip-danger'}`}>
                    {e.state === 'queued' ? t('reno.pending') : t('reno.refused')}
                  </span>
                  {e.input.violation && <span class="chip chip-danger">{t('reno.violationFound')}</span>}
                </p>
                <p class="prewrap small">{e.input.findings}</p>
                <p class="small muted">{formatTime(lang, e.input.patrolledAt)}</p>
                {e.error && <p class={e.state === 'attention' ? 'field-error' : 'muted small'}>{e.error.message}</p>}
              </div>
            </li>
          ))}
          {patrols.map((p) => (
            <li key={p.id} class="card evidence" data-patrol-id={p.id} data-violation={String(p.violation)}>
              {p.thumbnailUrl && (
                <a class="evidence-thumb" href={p.photoUrl ?? p.thumbnailUrl} target="_blank" rel="noopener">
                  <img src={p.thumbnailUrl} alt={t('reno.patrolPhotoOf', { time: formatTime(lang, p.patrolledAt) })} loading="lazy" onError={onImageError} />
                </a>
              )}
              <div>
                <p class="chips">
                  {p.violation ? (
                    <span class="chip chip-danger">{t('reno.violationFound')}</span>
                  ) : (
                    <span class="chip chip-done">{t('reno.noViolation')}</span>
                  )}
                </p>
                <p class="prewrap small">{p.findings}</p>
                <p class="small muted">{t('reno.patrolBy', { name: p.by, time: formatTime(lang, p.patrolledAt) })}</p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Reports({ r, pending }: { r: Renovation; pending: readonly FindingEntry[] }) {
  const { t, lang } = useEnv();
  if (r.reports.length === 0 && pending.length === 0) return null;
  return (
    <section aria-labelledby="reno-reports">
      <h2 id="reno-reports">
        {t('reno.reportsHeading')} ({r.reports.length + pending.length})
      </h2>
      <ul class="list" data-list="reports">
        {pending.map((e) => (
          <li key={e.key} class="card" data-outbox-key={e.key} data-outbox-state={e.state}>
            <p class="chips">
              <span class={`chip ${e.state === 'queued' ? 'chip-warn' : 'chip-danger'}`}>
                {e.state === 'queued' ? t('reno.pending') : t('reno.refused')}
              </span>
            </p>
            <p class="excerpt">{e.input.description}</p>
            {e.error && <p class={e.state === 'attention' ? 'field-error' : 'muted small'}>{e.error.message}</p>}
          </li>
        ))}
        {r.reports.map((rep) => (
          <li key={rep.id} class="card item-card" data-item-id={rep.id}>
            <div class="item-card-body">
              <a class="item-link" href={`/items/${encodeURIComponent(rep.id)}`}>
                {rep.matterCode ? t('reno.reportWithMatter', { code: rep.matterCode }) : t('outbox.kind.propertyReport')}
              </a>
              <p class="chips">
                <StatusChip t={t} status={rep.status} />
                {rep.late && <span class="chip chip-warn">{t('flag.late')}</span>}
              </p>
              <p class="muted small">{formatTime(lang, rep.createdAt)}</p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
