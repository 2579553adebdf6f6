// One hotspot (SPEC §9): its complaint pattern over a window (the label, the rule that fired with its
// numbers, the matters), the community's items per week, its rectification plans; supervisors add a
// plan or end the hotspot.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import type { Lang, Translate } from '../../i18n';
import { EndHotspotMutation, HotspotQuery, HotspotWeeklyQuery } from '../../graphql/figure-operations';
import type { Hotspot, HotspotPattern, NaiveDate, PlanSummary } from '../../graphql/figure-types';
import { errorText, useHeadingFocus } from '../../ui';
import { Chart, type ChartSpec } from '../charts/chart';
import { PATTERN_WINDOWS, errorsByField, type PatternWindow } from './hotspot-logic';
import { PatternChip } from './hotspots';
import { addDays, formatCount, formatDate, formatRate, formatShortDate, shanghaiToday } from './logic';

export const planPath = (id: string) => `/plans/${encodeURIComponent(id)}`;

function PatternFacts({ t, lang, p }: { t: Translate; lang: Lang; p: HotspotPattern }) {
  return (
    <dl class="mini-facts" data-section="pattern-numbers">
      <div data-field="total">
        <dt>{t('hot.p.total')}</dt>
        <dd>{formatCount(lang, p.total)}</dd>
      </div>
      <div data-field="distinctMatters">
        <dt>{t('hot.p.distinctMatters')}</dt>
        <dd>{formatCount(lang, p.distinctMatters)}</dd>
      </div>
      <div data-field="distinctUnits">
        <dt>{t('hot.p.distinctUnits')}</dt>
        <dd>{formatCount(lang, p.distinctUnits)}</dd>
      </div>
      {p.topUnitMatter && (
        <div data-field="topUnitMatter" class="wide">
          <dt>{t('hot.p.topUnitMatter')}</dt>
          <dd>
            {t('hot.p.topUnitMatterValue', {
              unit: p.topUnitMatter.unitLabel,
              matter: p.topUnitMatter.matterName,
              n: formatCount(lang, p.topUnitMatter.count),
              share: formatRate(lang, p.topUnitMatterShare),
            })}
          </dd>
        </div>
      )}
      {p.topMatter && (
        <div data-field="topMatter" class="wide">
          <dt>{t('hot.p.topMatter')}</dt>
          <dd>
            {t('hot.p.topMatterValue', {
              matter: p.topMatter.matterName,
              n: formatCount(lang, p.topMatter.count),
              units: formatCount(lang, p.topMatter.units),
              share: formatRate(lang, p.topMatterShare),
            })}
          </dd>
        </div>
      )}
    </dl>
  );
}

function PlanCard({ t, lang, plan }: { t: Translate; lang: Lang; plan: PlanSummary }) {
  const done = plan.measures.filter((m) => m.doneOn).length;
  const overdue = plan.measures.filter((m) => m.overdue).length;
  return (
    <li class={`card item-card${overdue > 0 ? ' card-overdue' : ''}`} data-plan-id={plan.id}>
      <div class="item-card-body">
        <a class="item-link" href={planPath(plan.id)}>
          {plan.title}
        </a>
        <p class="muted small">
          {plan.endsOn
            ? t('hot.periodTo', { from: formatDate(lang, plan.startedOn), to: formatDate(lang, plan.endsOn) })
            : t('hot.periodFrom', { from: formatDate(lang, plan.startedOn) })}
        </p>
        <p class="chips">
          <span class="chip chip-neutral">{t('plan.measuresDone', { done: String(done), all: String(plan.measures.length) })}</span>
          {overdue > 0 && (
            <span class="chip chip-danger" data-flag="overdue">
              {t('plan.overdueCount', { n: String(overdue) })}
            </span>
          )}
        </p>
      </div>
    </li>
  );
}

function EndHotspot({ hotspot, onEnded }: { hotspot: Hotspot; onEnded: () => void }) {
  const { t, call, offline } = useEnv();
  const [endsOn, setEndsOn] = useState(shanghaiToday());
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (!endsOn) {
      setErrors(new Map([['endsOn', t('hot.dateMissing')]]));
      return;
    }
    setBusy(true);
    try {
      const { endHotspot } = await call(EndHotspotMutation, { id: hotspot.id, endsOn });
      if (endHotspot.userErrors.length === 0) {
        setErrors(new Map());
        setBusy(false);
        onEnded();
        return;
      }
      setErrors(errorsByField(endHotspot.userErrors, (k) => k === 'endsOn'));
    } catch (err) {
      setErrors(new Map([['', errorText(t, err)]]));
    }
    setBusy(false);
  };
  const err = (k: string) => errors.get(k);
  return (
    <details class="more-action">
      <summary>{t('hot.end')}</summary>
      <form class="action-form" noValidate onSubmit={(e) => void submit(e)}>
        <h3>{t('hot.end')}</h3>
        <div role="alert" class={err('') ? 'error' : 'sr-empty'}>
          {err('')}
        </div>
        <label for="end-date">{t('hot.endsOn')}</label>
        <input
          id="end-date"
          type="date"
          value={endsOn}
          min={hotspot.startsOn}
          aria-invalid={err('endsOn') ? 'true' : undefined}
          aria-describedby={err('endsOn') ? 'end-date-error' : undefined}
          onInput={(e) => setEndsOn((e.currentTarget as HTMLInputElement).value)}
        />
        {err('endsOn') && (
          <p id="end-date-error" class="field-error">
            {err('endsOn')}
          </p>
        )}
        <button class="secondary danger" type="submit" disabled={busy || offline} data-action="end-hotspot">
          {busy ? t('hot.sending') : t('hot.endSubmit')}
        </button>
      </form>
    </details>
  );
}

export function HotspotScreen({ id }: { id: string }) {
  const { t, lang, user, call, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const today = shanghaiToday();
  const [span, setSpan] = useState<PatternWindow>(90);
  const [hotspot, setHotspot] = useState<Hotspot | null>(null);
  const [weekly, setWeekly] = useState<{ start: NaiveDate; received: number }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const supervisor = user.role === 'SUPERVISOR';
  const from = addDays(today, -(span - 1));

  useEffect(() => {
    if (offline) return;
    let live = true;
    call(HotspotQuery, { id, from, to: today }).then(
      (d) => {
        if (!live) return;
        setHotspot(d.hotspot);
        setError(null);
        call(HotspotWeeklyQuery, { id, weeks: Math.min(52, Math.ceil(span / 7)) }).then(
          (w) => live && setWeekly(w.hotspot.weekly.map((x) => ({ start: x.weekStart, received: x.count }))),
          () => live && setWeekly([]),
        );
      },
      (e: unknown) => live && setError(errorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [id, span, offline, lang, reloads]);

  const weeklySpec = useMemo<ChartSpec | null>(
    () =>
      weekly && weekly.length > 0
        ? { labels: weekly.map((w) => formatShortDate(lang, w.start)), bars: [{ label: t('hot.weeklyBars'), values: weekly.map((w) => w.received), color: '#0b5cad' }] }
        : null,
    [weekly, lang],
  );

  const p = hotspot?.pattern;
  return (
    <main class="content">
      <div class="screen" data-hotspot-id={id}>
        <p class="small">
          <a class="inline-link" href="/hotspots">
            {t('hot.back')}
          </a>
        </p>
        <h1 ref={heading} tabIndex={-1}>
          {hotspot ? hotspot.community.name : t('hotspot.title')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        {!hotspot && !error && !offline && <p role="status">{t('common.loading')}</p>}
        {hotspot && p && (
          <>
            <p class="chips">
              <PatternChip t={t} label={p.label} text={p.labelText} />
              <span class={`chip chip-${hotspot.active ? 'active' : 'done'}`}>{hotspot.active ? t('hot.active') : t('hot.ended')}</span>
              <span class="chip chip-neutral">{t(`hot.source.${hotspot.source}`)}</span>
            </p>
            <p class="muted small">
              {hotspot.community.address}
              {' · '}
              {hotspot.endsOn
                ? t('hot.periodTo', { from: formatDate(lang, hotspot.startsOn), to: formatDate(lang, hotspot.endsOn) })
                : t('hot.periodFrom', { from: formatDate(lang, hotspot.startsOn) })}
            </p>
            {hotspot.note && <p class="prewrap">{hotspot.note}</p>}
            <p class="small">{t('hot.openItems', { n: formatCount(lang, hotspot.openItems) })}</p>

            <section class="card" aria-labelledby="pattern-heading" data-section="pattern">
              <h2 id="pattern-heading">{t('hot.patternHeading')}</h2>
              <div class="filter-chips" role="group" aria-label={t('hot.window')}>
                {PATTERN_WINDOWS.map((w) => (
                  <button key={w} type="button" class="filter-chip" aria-pressed={span === w} data-window={w} onClick={() => setSpan(w)}>
                    {t('hot.windowDays', { n: String(w) })}
                  </button>
                ))}
              </div>
              <p class="muted small" data-field="pattern-window">
                {t('hot.windowLine', { from: formatDate(lang, p.from), to: formatDate(lang, p.to) })}
              </p>
              {p.windowLongerThanData && (
                <p class="notice" data-field="window-longer">
                  {p.dataFrom ? t('hot.windowLonger', { date: formatDate(lang, p.dataFrom) }) : t('hot.windowNoData')}
                </p>
              )}
              <p class="pattern-label" data-field="pattern-label">
                <strong>{p.labelText}</strong>
              </p>
              <p data-field="pattern-explanation">{p.explanation}</p>
              <PatternFacts t={t} lang={lang} p={p} />
              {p.matters.length > 0 && (
                <div class="league-scroll">
                  <table class="league-table" data-list="pattern-matters">
                    <caption>{t('hot.mattersCaption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('hot.matter')}</th>
                        <th scope="col" class="num">
                          {t('hot.count')}
                        </th>
                        <th scope="col" class="num">
                          {t('hot.units')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.matters.map((m) => (
                        <tr key={m.matterCode} data-matter={m.matterCode}>
                          <th scope="row">
                            <span class="code">{m.matterCode}</span> {m.matterName}
                          </th>
                          <td class="num">{formatCount(lang, m.count)}</td>
                          <td class="num">{formatCount(lang, m.units)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>

            <section aria-labelledby="weekly-heading" data-section="weekly">
              <h2 id="weekly-heading">{t('hot.weeklyHeading')}</h2>
              {weekly === null && <p class="muted small">{t('common.loading')}</p>}
              {weeklySpec && (
                <Chart
                  id="hotspot-weekly"
                  caption={t('hot.weeklyCaption', { from: formatDate(lang, from), to: formatDate(lang, today) })}
                  summary={t('hot.weeklySummary', {
                    weeks: String(weekly!.length),
                    n: formatCount(lang, weekly!.reduce((a, w) => a + w.received, 0)),
                  })}
                  spec={weeklySpec}
                  tableLabel={t('hot.chartTable')}
                  bucketHeader={t('hot.week')}
                />
              )}
            </section>

            <section aria-labelledby="plans-heading" data-section="plans">
              <h2 id="plans-heading">{t('hot.plansHeading')}</h2>
              {hotspot.plans.length === 0 ? (
                <p class="muted">{t('hot.noPlans')}</p>
              ) : (
                <ul class="list" data-list="plans">
                  {hotspot.plans.map((plan) => (
                    <PlanCard key={plan.id} t={t} lang={lang} plan={plan} />
                  ))}
                </ul>
              )}
              {supervisor && (
                <p>
                  <a class="primary" href={`/hotspots/${encodeURIComponent(hotspot.id)}/plans/new`} data-action="new-plan">
                    {t('hot.newPlan')}
                  </a>
                </p>
              )}
            </section>
            {supervisor && hotspot.active && (
              <section>
                <EndHotspot hotspot={hotspot} onEnded={() => setReloads((n) => n + 1)} />
              </section>
            )}
          </>
        )}
      </div>
    </main>
  );
}
