// The supervisor's roster planner (suggestedRoster with its reasons; communities, days and at least
// two officers per visit; createPatrolPlan with its userErrors) and the coverage table.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import {
  CreatePatrolPlanMutation,
  PatrolCoverageQuery,
  PatrolPlansQuery,
  SquadOfficersQuery,
  SuggestedRosterQuery,
} from '../../graphql/patrol-operations';
import type { CoverageRow, OfficerRef, PatrolPlan, RosterSuggestion } from '../../graphql/patrol-types';
import { errorText, formatTime, useHeadingFocus } from '../../ui';
import { Said, type Message } from './common';
import { addDays, isPlanErrorCode, planInput, shanghaiToday, validPeriod, visitsShortOfOfficers, type DraftVisit } from './logic';

function Period({ from, to, setFrom, setTo }: { from: string; to: string; setFrom: (v: string) => void; setTo: (v: string) => void }) {
  const { t } = useEnv();
  return (
    <div class="card">
      <div class="field">
        <label for="pt-from">{t('pt.from')}</label>
        <input id="pt-from" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="pt-to">{t('pt.to')}</label>
        <input id="pt-to" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </div>
      {!validPeriod(from, to) && <p class="field-error">{t('pt.periodProblem')}</p>}
    </div>
  );
}

export function RosterScreen() {
  const { t, call, offline, lang, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [from, setFrom] = useState(() => addDays(shanghaiToday(), 1));
  const [to, setTo] = useState(() => addDays(shanghaiToday(), 7));
  const [suggestions, setSuggestions] = useState<RosterSuggestion[] | null>(null);
  const [officers, setOfficers] = useState<OfficerRef[]>([]);
  const [plans, setPlans] = useState<PatrolPlan[] | null>(null);
  const [visits, setVisits] = useState<DraftVisit[]>([]);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);

  const loadPlans = () => call(PatrolPlansQuery, {}).then((d) => setPlans(d.patrolPlans), (e: unknown) => setError(errorText(t, e)));
  useEffect(() => {
    if (!offline) void loadPlans();
  }, [offline, lang]);
  useEffect(() => {
    if (offline || !validPeriod(from, to)) return;
    call(SuggestedRosterQuery, { from, to, first: 30 }).then(
      (d) => {
        setSuggestions(d.suggestedRoster);
        setError(null);
      },
      (e: unknown) => setError(errorText(t, e)),
    );
  }, [from, to, offline, lang]);
  // The squad's officers, read through the first picked community (else the first suggested):
  // a plan is one squad's, so a district supervisor's plan is for the first visit's squad.
  const firstCommunity = visits[0]?.communityId ?? suggestions?.[0]?.community.id;
  useEffect(() => {
    if (!firstCommunity || offline) return;
    call(SquadOfficersQuery, { communityId: firstCommunity }).then((d) => setOfficers(d.squadOfficers), () => undefined);
  }, [firstCommunity, offline]);

  const pick = (s: RosterSuggestion) =>
    setVisits([...visits, { communityId: s.community.id, communityName: s.community.name, onDay: from, officerIds: [] }]);
  const update = (i: number, change: Partial<DraftVisit>) => setVisits(visits.map((v, j) => (j === i ? { ...v, ...change } : v)));

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    if (visits.length === 0 || !title.trim()) {
      setMessage({ tone: 'alert', text: visits.length === 0 ? t('pt.noPicked') : t('pt.required') });
      return;
    }
    if (visitsShortOfOfficers(visits).length > 0) {
      setMessage({ tone: 'alert', text: t('pt.error.TWO_OFFICERS') });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const { createPatrolPlan } = await call(CreatePatrolPlanMutation, { input: planInput(title, from, to, visits) });
      if (createPatrolPlan.userErrors.length > 0) {
        setMessage({
          tone: 'alert',
          text: createPatrolPlan.userErrors.map((u) => (isPlanErrorCode(u.code) ? t(`pt.error.${u.code}`) : u.message)).join(' '),
        });
        return;
      }
      setVisits([]);
      setTitle('');
      setMessage({ tone: 'status', text: t('pt.planCreated') });
      void loadPlans();
    } catch (e) {
      setMessage({ tone: 'alert', text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="content">
      <div class="screen">
        <h1 ref={heading} tabIndex={-1}>
          {t('roster.title')}
        </h1>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        <p>
          <a class="inline-link" href="/patrols/coverage" data-link="coverage">
            {t('pt.coverageLink')}
          </a>
        </p>
        <Period from={from} to={to} setFrom={setFrom} setTo={setTo} />
        <section class="card" aria-labelledby="pt-suggestions-heading">
          <h2 id="pt-suggestions-heading">{t('pt.suggestionsHeading')}</h2>
          {suggestions === null && !error && <p role="status">{t('common.loading')}</p>}
          <ol class="plain-list" data-list="suggestions">
            {suggestions?.map((s) => (
              <li key={s.community.id} data-community-id={s.community.id}>
                <strong>{s.community.name}</strong>
                <p class="muted small">
                  {t('pt.score', { score: s.score.toFixed(1) })} ·{' '}
                  {s.daysSincePatrol === null ? t('pt.neverPatrolled') : t('pt.daysSince', { n: String(s.daysSincePatrol) })}
                </p>
                <ul class="small">
                  {s.reasons.map((r) => (
                    <li key={r.factor}>{r.text}</li>
                  ))}
                </ul>
                <button class="secondary" type="button" onClick={() => pick(s)} aria-label={`${t('pt.pick')}：${s.community.name}`}>
                  {t('pt.pick')}
                </button>
              </li>
            ))}
          </ol>
        </section>
        <form class="card action-form" noValidate onSubmit={submit} aria-labelledby="pt-plan-heading" data-action="create-plan">
          <h2 id="pt-plan-heading">{t('pt.planHeading')}</h2>
          <div class="field">
            <label for="pt-plan-title">{t('pt.planTitle')}</label>
            <input id="pt-plan-title" type="text" value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
          </div>
          <p class="label-like">{t('pt.planCommunities')}</p>
          {visits.length === 0 && <p class="muted">{t('pt.noPicked')}</p>}
          {visits.map((v, i) => (
            <fieldset key={i} data-visit-index={i}>
              <legend>{v.communityName}</legend>
              <div class="field">
                <label for={`pt-visit-day-${i}`}>{t('pt.day')}</label>
                <input id={`pt-visit-day-${i}`} type="date" min={from} max={to} value={v.onDay} onChange={(e) => update(i, { onDay: e.currentTarget.value })} />
              </div>
              <p class="label-like">{t('pt.visitOfficers')}</p>
              {officers.map((o) => (
                <div class="check" key={o.id}>
                  <input
                    id={`pt-visit-${i}-officer-${o.id}`}
                    type="checkbox"
                    checked={v.officerIds.includes(o.id)}
                    onChange={(e) =>
                      update(i, { officerIds: e.currentTarget.checked ? [...v.officerIds, o.id] : v.officerIds.filter((x) => x !== o.id) })
                    }
                  />
                  <label for={`pt-visit-${i}-officer-${o.id}`}>{o.name}</label>
                </div>
              ))}
              <button class="secondary" type="button" onClick={() => setVisits(visits.filter((_, j) => j !== i))}>
                {t('pt.remove')}
              </button>
            </fieldset>
          ))}
          <Said message={message} />
          <button class="primary" type="submit" disabled={busy || offline}>
            {busy ? t('file.submitting') : t('pt.createPlan')}
          </button>
        </form>
        <section class="card" aria-labelledby="pt-plans-heading">
          <h2 id="pt-plans-heading">{t('pt.plansHeading')}</h2>
          {plans?.length === 0 && <p class="muted">{t('pt.noPlans')}</p>}
          <ul class="plain-list" data-list="plans">
            {plans?.map((p) => (
              <li key={p.id} data-plan-id={p.id}>
                <strong>{p.title}</strong>
                <p class="muted small">
                  {p.squad} · {p.startsOn} – {p.endsOn} · {t('pt.planVisits', { n: String(p.visits.length) })}
                </p>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </main>
  );
}

export function CoverageScreen() {
  const { t, lang, call, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [from, setFrom] = useState(() => addDays(shanghaiToday(), -29));
  const [to, setTo] = useState(() => shanghaiToday());
  const [rows, setRows] = useState<CoverageRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (offline || !validPeriod(from, to)) return;
    call(PatrolCoverageQuery, { from, to }).then(
      (d) => {
        setRows(d.patrolCoverage);
        setError(null);
      },
      (e: unknown) => setError(errorText(t, e)),
    );
  }, [from, to, offline, lang]);

  return (
    <main class="content">
      <div class="screen">
        <h1 ref={heading} tabIndex={-1}>
          {t('coverage.title')}
        </h1>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        <Period from={from} to={to} setFrom={setFrom} setTo={setTo} />
        {rows === null && !error && <p role="status">{t('common.loading')}</p>}
        {rows?.length === 0 && <p class="muted">{t('pt.noCoverage')}</p>}
        {rows && rows.length > 0 && (
          <div class="league-scroll" tabIndex={0} role="region" aria-label={t('coverage.title')}>
            <table class="league-table" data-list="coverage">
              <caption>{t('coverage.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('pt.col.community')}</th>
                  <th scope="col" class="num">{t('pt.col.planned')}</th>
                  <th scope="col" class="num">{t('pt.col.done')}</th>
                  <th scope="col">{t('pt.col.lastVisit')}</th>
                  <th scope="col" class="num">{t('pt.col.findings')}</th>
                  <th scope="col" class="num">{t('pt.col.byPatrol')}</th>
                  <th scope="col" class="num">{t('pt.col.byComplaint')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.community.id} data-community-id={r.community.id}>
                    <th scope="row">{r.community.name}</th>
                    <td class="num">{r.planned}</td>
                    <td class="num">{r.done}</td>
                    <td>{r.lastVisit ? formatTime(lang, r.lastVisit) : t('pt.neverPatrolled')}</td>
                    <td class="num">{r.findings}</td>
                    <td class="num">{r.byPatrol}</td>
                    <td class="num">{r.byComplaint}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </main>
  );
}
