// 专项整治方案 (SPEC §9): a supervisor writes it for a hotspot (title, dates, measures with owners and
// due dates); its page shows the complaints per week before and after it started, the measures (marked
// done with a date) and the progress notes; it prints on A4 without the forms.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import type { Lang, Translate } from '../../i18n';
import {
  AddPlanMeasureMutation,
  AddPlanNoteMutation,
  CompletePlanMeasureMutation,
  CreatePlanMutation,
  HotspotQuery,
  RectificationPlanQuery,
} from '../../graphql/figure-operations';
import type { Hotspot, MeasureInput, PlanMeasure, RectificationPlan } from '../../graphql/figure-types';
import type { UserError } from '../../graphql/types';
import { errorText, formatTime, useHeadingFocus } from '../../ui';
import { Chart, type ChartSpec } from '../charts/chart';
import { errorsByField, planInput, planProblems, type PlanDraft } from './hotspot-logic';
import { hotspotPath } from './hotspots';
import { beforeAfterData, formatDate, formatShortDate, shanghaiToday } from './logic';

const emptyMeasure = (): MeasureInput => ({ description: '', owner: '', dueOn: '' });

function MeasureFields({
  t,
  index,
  measure,
  error,
  onChange,
  onRemove,
}: {
  t: Translate;
  index: number;
  measure: MeasureInput;
  error: (k: string) => string | undefined;
  onChange: (m: MeasureInput) => void;
  onRemove: (() => void) | null;
}) {
  const id = (f: string) => `measure-${index}-${f}`;
  const fieldError = (f: 'description' | 'owner' | 'dueOn') => error(`measures.${index}.${f}`);
  const input = (f: 'description' | 'owner' | 'dueOn', type: 'text' | 'date') => (
    <div class="field">
      <label for={id(f)}>{t(`plan.measure.${f}`)}</label>
      <input
        id={id(f)}
        // (Preact types an input's attributes by its type; both kinds take these.)
        type={type as 'text'}
        value={measure[f]}
        aria-invalid={fieldError(f) ? 'true' : undefined}
        aria-describedby={fieldError(f) ? `${id(f)}-error` : undefined}
        onInput={(e) => onChange({ ...measure, [f]: (e.currentTarget as HTMLInputElement).value })}
      />
      {fieldError(f) && (
        <p id={`${id(f)}-error`} class="field-error">
          {fieldError(f)}
        </p>
      )}
    </div>
  );
  return (
    <fieldset class="group" data-measure-index={index}>
      <legend>{t('plan.measureN', { n: String(index + 1) })}</legend>
      {input('description', 'text')}
      {input('owner', 'text')}
      {input('dueOn', 'date')}
      {error(`measures.${index}`) && <p class="field-error">{error(`measures.${index}`)}</p>}
      {onRemove && (
        <button type="button" class="link" onClick={onRemove}>
          {t('plan.removeMeasure', { n: String(index + 1) })}
        </button>
      )}
    </fieldset>
  );
}

/** Problems found on the phone, in words, by field. */
function draftErrors(t: Translate, d: PlanDraft): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, p] of planProblems(d)) out.set(k, t(`plan.problem.${p}`));
  return out;
}

const PLAN_FIELDS = (k: string) => ['title', 'startedOn', 'endsOn', 'measures'].includes(k) || /^measures\.\d+(\.(description|owner|dueOn))?$/.test(k);

export function PlanNewScreen({ hotspotId }: { hotspotId: string }) {
  const { t, lang, call, offline, focusHeading, navigate } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [hotspot, setHotspot] = useState<Hotspot | null>(null);
  const [draft, setDraft] = useState<PlanDraft>({ title: '', startedOn: shanghaiToday(), endsOn: '', measures: [emptyMeasure()] });
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (offline) return;
    call(HotspotQuery, { id: hotspotId, from: null, to: null }).then(
      (d) => setHotspot(d.hotspot),
      (e: unknown) => setErrors(new Map([['', errorText(t, e)]])),
    );
  }, [hotspotId, offline]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const local = draftErrors(t, draft);
    setErrors(local);
    if (local.size > 0) return;
    setBusy(true);
    try {
      const { createRectificationPlan: r } = await call(CreatePlanMutation, { input: planInput(hotspotId, draft) });
      if (r.plan && r.userErrors.length === 0) {
        navigate(hotspotPath(hotspotId));
        return;
      }
      setErrors(errorsByField(r.userErrors, PLAN_FIELDS));
    } catch (err) {
      setErrors(new Map([['', errorText(t, err)]]));
    }
    setBusy(false);
  };
  const err = (k: string) => errors.get(k);
  const text = (f: 'title' | 'startedOn' | 'endsOn', type: 'text' | 'date', label: string) => (
    <div class="field">
      <label for={`plan-${f}`}>{label}</label>
      <input
        id={`plan-${f}`}
        type={type as 'text'}
        value={draft[f]}
        aria-invalid={err(f) ? 'true' : undefined}
        aria-describedby={err(f) ? `plan-${f}-error` : undefined}
        onInput={(e) => setDraft({ ...draft, [f]: (e.currentTarget as HTMLInputElement).value })}
      />
      {err(f) && (
        <p id={`plan-${f}-error`} class="field-error" data-error-for={f}>
          {err(f)}
        </p>
      )}
    </div>
  );

  return (
    <main class="content">
      <form class="screen" noValidate onSubmit={(e) => void submit(e)}>
        <p class="small">
          <a class="inline-link" href={hotspotPath(hotspotId)}>
            {t('plan.backToHotspot')}
          </a>
        </p>
        <h1 ref={heading} tabIndex={-1}>
          {t('planNew.title')}
        </h1>
        <div role="alert" class={err('') ? 'error' : 'sr-empty'}>
          {err('')}
        </div>
        {hotspot && (
          <p class="muted small">
            {t('plan.forHotspot', { community: hotspot.community.name, date: formatDate(lang, hotspot.startsOn) })}
          </p>
        )}
        {text('title', 'text', t('plan.titleField'))}
        <div class="date-pair">
          {text('startedOn', 'date', t('plan.startedOn'))}
          {text('endsOn', 'date', `${t('plan.endsOn')}${t('common.optional')}`)}
        </div>
        <h2>{t('plan.measuresHeading')}</h2>
        {err('measures') && <p class="field-error">{err('measures')}</p>}
        {draft.measures.map((m, i) => (
          <MeasureFields
            key={i}
            t={t}
            index={i}
            measure={m}
            error={err}
            onChange={(next) => setDraft({ ...draft, measures: draft.measures.map((x, j) => (j === i ? next : x)) })}
            onRemove={draft.measures.length > 1 ? () => setDraft({ ...draft, measures: draft.measures.filter((_, j) => j !== i) }) : null}
          />
        ))}
        <button type="button" class="secondary" onClick={() => setDraft({ ...draft, measures: [...draft.measures, emptyMeasure()] })} data-action="add-measure">
          {t('plan.addMeasure')}
        </button>
        <div class="actions">
          <button class="primary" type="submit" disabled={busy || offline} data-action="create-plan">
            {busy ? t('hot.sending') : t('plan.create')}
          </button>
        </div>
      </form>
    </main>
  );
}

function MeasureRow({ t, lang, m, onDone }: { t: Translate; lang: Lang; m: PlanMeasure; onDone: ((doneOn: string) => Promise<string | null>) | null }) {
  const [doneOn, setDoneOn] = useState(shanghaiToday());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = `done-${m.id}`;
  return (
    <li class={`card${m.overdue ? ' card-overdue item-card' : ''}`} data-measure-id={m.id} data-done={m.doneOn ? 'true' : 'false'}>
      <div class="item-card-body">
        <p class="measure-text">
          <strong>{m.description}</strong>
        </p>
        <p class="muted small">{t('plan.measureLine', { owner: m.owner, due: formatDate(lang, m.dueOn) })}</p>
        <p class="chips">
          {m.doneOn ? (
            <span class="chip chip-done" data-field="done-on">
              {t('plan.doneOn', { date: formatDate(lang, m.doneOn) })}
            </span>
          ) : m.overdue ? (
            <span class="chip chip-danger">{t('plan.overdue')}</span>
          ) : (
            <span class="chip chip-active">{t('plan.pending')}</span>
          )}
        </p>
        {!m.doneOn && onDone && (
          <form
            class="measure-done no-print"
            noValidate
            onSubmit={async (e) => {
              e.preventDefault();
              if (busy) return;
              setBusy(true);
              setError(await onDone(doneOn));
              setBusy(false);
            }}
          >
            <label for={id}>{t('plan.doneDate')}</label>
            <input
              id={id}
              type="date"
              value={doneOn}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onInput={(e) => setDoneOn((e.currentTarget as HTMLInputElement).value)}
            />
            {error && (
              <p id={`${id}-error`} class="field-error">
                {error}
              </p>
            )}
            <button class="secondary" type="submit" disabled={busy || !doneOn}>
              {t('plan.markDone')}
              <span class="sr-only">{` · ${m.description}`}</span>
            </button>
          </form>
        )}
      </div>
    </li>
  );
}

function firstMessage(errors: readonly UserError[]): string | null {
  return errors.length > 0 ? errors.map((e) => e.message).join(' ') : null;
}

export function PlanScreen({ id }: { id: string }) {
  const { t, lang, user, call, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [plan, setPlan] = useState<RectificationPlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [measure, setMeasure] = useState<MeasureInput>(emptyMeasure());
  const [measureErrors, setMeasureErrors] = useState<Map<string, string>>(new Map());
  const [busy, setBusy] = useState(false);
  const supervisor = user.role === 'SUPERVISOR';

  useEffect(() => {
    if (offline) return;
    call(RectificationPlanQuery, { id }).then(
      (d) => {
        setPlan(d.rectificationPlan);
        setError(null);
      },
      (e: unknown) => setError(errorText(t, e)),
    );
  }, [id, offline, lang]);

  // Printing shows the chart's numbers too.
  useEffect(() => {
    const open = () => document.querySelectorAll<HTMLDetailsElement>('.plan-page details.chart-table').forEach((d) => (d.open = true));
    addEventListener('beforeprint', open);
    return () => removeEventListener('beforeprint', open);
  }, []);

  const chart = useMemo(() => {
    if (!plan || plan.weekly.length === 0) return null;
    const data = beforeAfterData(plan.weekly);
    const sorted = [...plan.weekly].sort((a, b) => (a.weekStart < b.weekStart ? -1 : 1));
    const markerIndex = sorted.findIndex((w) => w.afterPlan);
    const spec: ChartSpec = {
      labels: sorted.map((w) => formatShortDate(lang, w.weekStart)),
      bars: [
        { label: t('plan.before'), values: data.before, color: '#6b7380' },
        { label: t('plan.after'), values: data.after, color: '#0b5cad', striped: true },
      ],
      markerIndex: markerIndex >= 0 ? markerIndex : null,
      markerLabel: t('plan.startMarker', { date: formatShortDate(lang, plan.startedOn) }),
    };
    return { spec, data };
  }, [plan, lang]);

  const apply = (r: { plan: RectificationPlan | null; userErrors: UserError[] }): string | null => {
    if (r.plan) setPlan(r.plan);
    return firstMessage(r.userErrors);
  };

  const completeMeasure = async (measureId: string, doneOn: string): Promise<string | null> => {
    try {
      return apply((await call(CompletePlanMeasureMutation, { measureId, doneOn })).completePlanMeasure);
    } catch (e) {
      return errorText(t, e);
    }
  };

  const addNote = async (e: Event) => {
    e.preventDefault();
    if (busy || !plan) return;
    if (!note.trim()) {
      setNoteError(t('plan.noteMissing'));
      return;
    }
    setBusy(true);
    try {
      const message = apply((await call(AddPlanNoteMutation, { planId: plan.id, body: note.trim() })).addPlanNote);
      setNoteError(message);
      if (!message) setNote('');
    } catch (err) {
      setNoteError(errorText(t, err));
    }
    setBusy(false);
  };

  const addMeasure = async (e: Event) => {
    e.preventDefault();
    if (busy || !plan) return;
    if (!measure.description.trim() || !measure.owner.trim() || !measure.dueOn) {
      setMeasureErrors(new Map([['', t('plan.problem.measureIncomplete')]]));
      return;
    }
    setBusy(true);
    try {
      const r = (await call(AddPlanMeasureMutation, { planId: plan.id, input: { ...measure, description: measure.description.trim(), owner: measure.owner.trim() } })).addPlanMeasure;
      apply(r);
      setMeasureErrors(errorsByField(r.userErrors, (k) => /^(description|owner|dueOn)$/.test(k)));
      if (r.userErrors.length === 0) setMeasure(emptyMeasure());
    } catch (err) {
      setMeasureErrors(new Map([['', errorText(t, err)]]));
    }
    setBusy(false);
  };

  const done = plan ? plan.measures.filter((m) => m.doneOn).length : 0;
  return (
    <main class="content">
      <div class="screen plan-page" data-plan-id={id}>
        {plan && (
          <p class="small no-print">
            <a class="inline-link" href={hotspotPath(plan.hotspot.id)}>
              {t('plan.backToHotspot')}
            </a>
          </p>
        )}
        <h1 ref={heading} tabIndex={-1}>
          {plan ? plan.title : t('plan.title')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        {!plan && !error && !offline && <p role="status">{t('common.loading')}</p>}
        {plan && (
          <>
            <dl class="card facts">
              <div>
                <dt>{t('plan.community')}</dt>
                <dd>{plan.hotspot.community.name}</dd>
              </div>
              <div>
                <dt>{t('plan.period')}</dt>
                <dd>
                  {plan.endsOn
                    ? t('hot.periodTo', { from: formatDate(lang, plan.startedOn), to: formatDate(lang, plan.endsOn) })
                    : t('hot.periodFrom', { from: formatDate(lang, plan.startedOn) })}
                </dd>
              </div>
              <div>
                <dt>{t('plan.createdBy')}</dt>
                <dd>{t('plan.createdLine', { name: plan.createdBy, time: formatTime(lang, plan.createdAt) })}</dd>
              </div>
            </dl>

            <section aria-labelledby="plan-chart-heading" data-section="before-after">
              <h2 id="plan-chart-heading">{t('plan.chartHeading')}</h2>
              {chart ? (
                <>
                  <Chart
                    id="before-after"
                    caption={t('plan.chartCaption')}
                    summary={t('plan.chartSummary', {
                      before: chart.data.averageBefore === null ? '—' : String(chart.data.averageBefore),
                      after: chart.data.averageAfter === null ? '—' : String(chart.data.averageAfter),
                    })}
                    spec={chart.spec}
                    tableLabel={t('hot.chartTable')}
                    bucketHeader={t('hot.week')}
                  />
                  <p class="small" data-field="averages">
                    {t('plan.chartSummary', {
                      before: chart.data.averageBefore === null ? '—' : String(chart.data.averageBefore),
                      after: chart.data.averageAfter === null ? '—' : String(chart.data.averageAfter),
                    })}
                  </p>
                </>
              ) : (
                <p class="muted">{t('plan.noWeeks')}</p>
              )}
            </section>

            <section aria-labelledby="plan-measures-heading" data-section="measures">
              <h2 id="plan-measures-heading">{t('plan.measuresHeading')}</h2>
              <p class="muted small">{t('plan.measuresDone', { done: String(done), all: String(plan.measures.length) })}</p>
              <ul class="list" data-list="measures">
                {plan.measures.map((m) => (
                  <MeasureRow key={m.id} t={t} lang={lang} m={m} onDone={offline ? null : (d) => completeMeasure(m.id, d)} />
                ))}
              </ul>
              {supervisor && (
                <details class="more-action no-print">
                  <summary>{t('plan.addMeasure')}</summary>
                  <form class="action-form" noValidate onSubmit={(e) => void addMeasure(e)}>
                    <h3>{t('plan.addMeasure')}</h3>
                    <div role="alert" class={measureErrors.get('') ? 'error' : 'sr-empty'}>
                      {measureErrors.get('')}
                    </div>
                    <MeasureFields
                      t={t}
                      index={plan.measures.length}
                      measure={measure}
                      error={(k) => measureErrors.get(k.replace(/^measures\.\d+\./, ''))}
                      onChange={setMeasure}
                      onRemove={null}
                    />
                    <button class="secondary" type="submit" disabled={busy || offline}>
                      {t('plan.addMeasureSubmit')}
                    </button>
                  </form>
                </details>
              )}
            </section>

            <section aria-labelledby="plan-notes-heading" data-section="notes">
              <h2 id="plan-notes-heading">{t('plan.notesHeading')}</h2>
              <form class="card no-print" noValidate onSubmit={(e) => void addNote(e)}>
                <label for="plan-note">{t('plan.noteField')}</label>
                <textarea
                  id="plan-note"
                  rows={3}
                  value={note}
                  aria-invalid={noteError ? 'true' : undefined}
                  aria-describedby={noteError ? 'plan-note-error' : undefined}
                  onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
                />
                {noteError && (
                  <p id="plan-note-error" class="field-error">
                    {noteError}
                  </p>
                )}
                <button class="secondary" type="submit" disabled={busy || offline} data-action="add-note">
                  {t('plan.addNote')}
                </button>
              </form>
              {plan.notes.length === 0 ? (
                <p class="muted">{t('plan.noNotes')}</p>
              ) : (
                <ol class="timeline" data-list="notes">
                  {plan.notes.map((n) => (
                    <li key={n.id}>
                      <p class="prewrap">{n.body}</p>
                      <p class="muted small">{t('plan.noteLine', { name: n.author, time: formatTime(lang, n.at) })}</p>
                    </li>
                  ))}
                </ol>
              )}
            </section>
            <p class="doc-tools no-print">
              <button type="button" class="secondary" onClick={() => print()}>
                {t('plan.print')}
              </button>
            </p>
          </>
        )}
      </div>
    </main>
  );
}
