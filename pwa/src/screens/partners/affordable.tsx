// 保障性租赁住房: for each community flagged affordable rental housing, the illegal-letting items
// received in the period (and how many are still open), the cases under those matters (open), the
// joint actions, and the re-checks due; a totals row. Periods: this month, the last 30 days, this
// year, or two dates (Shanghai days). At 360 px the table scrolls inside its own region.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import { AffordableHousingSeriesQuery } from '../../graphql/partner-operations';
import type { AffordableSeries } from '../../graphql/partner-types';
import { errorText, useHeadingFocus } from '../../ui';
import { LEAGUE_PRESETS, formatCount, periodProblem, presetPeriod, shanghaiToday, type LeaguePeriod, type LeaguePreset } from '../renovations/league-logic';
import { affordableTotals, formatDate } from './logic';

const CHOICE_KEY = 'gongzhi.affordablePeriod';

function loadChoice(storage: Storage, today: string): { preset: LeaguePreset; period: LeaguePeriod } {
  const fallback = { preset: 'month' as LeaguePreset, period: presetPeriod('month', today)! };
  try {
    const saved = JSON.parse(storage.getItem(CHOICE_KEY) ?? '{}') as { preset?: LeaguePreset; period?: LeaguePeriod };
    const preset = saved.preset && LEAGUE_PRESETS.includes(saved.preset) ? saved.preset : 'month';
    const period =
      presetPeriod(preset, today) ??
      (saved.period && typeof saved.period.from === 'string' && typeof saved.period.to === 'string' ? saved.period : fallback.period);
    return { preset, period };
  } catch {
    return fallback;
  }
}

export function AffordableHousingScreen() {
  const { t, lang, call, storage, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const today = shanghaiToday();
  const [choice, setChoice] = useState(() => loadChoice(storage, today));
  const [series, setSeries] = useState<{ key: string; s: AffordableSeries } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const latest = useRef('');
  const { preset, period } = choice;
  const problem = periodProblem(period);
  const key = `${period.from}|${period.to}|${lang}`;

  useEffect(() => {
    storage.setItem(CHOICE_KEY, JSON.stringify(choice));
    if (offline || problem) return;
    latest.current = key;
    setBusy(true);
    call(AffordableHousingSeriesQuery, { from: period.from, to: period.to }).then(
      (d) => {
        if (latest.current !== key) return;
        setSeries({ key, s: d.affordableHousingSeries });
        setError(null);
        setBusy(false);
      },
      (e: unknown) => {
        if (latest.current !== key) return;
        setError(errorText(t, e));
        setBusy(false);
      },
    );
  }, [key, offline, problem]);

  const pickPreset = (p: LeaguePreset) => setChoice((c) => ({ preset: p, period: presetPeriod(p, today) ?? c.period }));
  const setDate = (end: 'from' | 'to', value: string) => setChoice((c) => ({ preset: 'custom', period: { ...c.period, [end]: value } }));
  const shown = series && series.key === key ? series.s : null;
  const totals = shown ? affordableTotals(shown) : null;
  const n = (v: number) => formatCount(lang, v);

  return (
    <main class="content">
      <div class="screen">
        <h1 ref={heading} tabIndex={-1}>
          {t('affordableHousing.title')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        <p class="muted small">{t('ah.intro')}</p>
        <div class="card">
          <div class="filter-chips" role="group" aria-label={t('ah.period')}>
            {LEAGUE_PRESETS.map((p) => (
              <button key={p} type="button" class="filter-chip" aria-pressed={preset === p} data-preset={p} onClick={() => pickPreset(p)}>
                {t(`ah.preset.${p}`)}
              </button>
            ))}
          </div>
          {preset === 'custom' && (
            <div class="date-pair">
              <div class="field">
                <label for="ah-from">{t('ah.from')}</label>
                <input id="ah-from" type="date" value={period.from} max={today} onInput={(e) => setDate('from', e.currentTarget.value)} />
              </div>
              <div class="field">
                <label for="ah-to">{t('ah.to')}</label>
                <input
                  id="ah-to"
                  type="date"
                  value={period.to}
                  aria-invalid={problem === 'toBeforeFrom' ? true : undefined}
                  aria-describedby={problem ? 'ah-period-problem' : undefined}
                  onInput={(e) => setDate('to', e.currentTarget.value)}
                />
              </div>
              {problem && (
                <p id="ah-period-problem" class="field-error">
                  {t(problem === 'missing' ? 'ah.periodMissing' : 'ah.toBeforeFrom')}
                </p>
              )}
            </div>
          )}
        </div>
        {busy && !shown && !error && <p role="status">{t('common.loading')}</p>}
        {shown && totals && (
          <section aria-busy={busy} data-section="affordable">
            <p class="chips" data-field="totals">
              <span class="chip chip-neutral">{t('ah.totalItems', { n: n(totals.items) })}</span>
              <span class="chip chip-neutral">{t('ah.totalCases', { n: n(totals.cases) })}</span>
            </p>
            {shown.rows.length === 0 ? (
              <p class="muted" data-field="affordable-empty">
                {t('ah.empty')}
              </p>
            ) : (
              <div class="league-scroll" tabIndex={0} role="region" aria-labelledby="ah-caption">
                <table class="league-table" data-list="affordable">
                  <caption id="ah-caption">{t('ah.caption', { from: formatDate(lang, shown.from), to: formatDate(lang, shown.to) })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('ah.col.community')}</th>
                      <th scope="col" class="num">
                        {t('ah.col.items')}
                      </th>
                      <th scope="col" class="num">
                        {t('ah.col.openItems')}
                      </th>
                      <th scope="col" class="num">
                        {t('ah.col.cases')}
                      </th>
                      <th scope="col" class="num">
                        {t('ah.col.openCases')}
                      </th>
                      <th scope="col" class="num">
                        {t('ah.col.jointActions')}
                      </th>
                      <th scope="col" class="num">
                        {t('ah.col.rechecksDue')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.rows.map((r) => (
                      <tr key={r.communityId} data-community-id={r.communityId}>
                        <th scope="row">{r.communityName}</th>
                        <td class="num">{n(r.items)}</td>
                        <td class="num">{n(r.openItems)}</td>
                        <td class="num">{n(r.cases)}</td>
                        <td class="num">{n(r.openCases)}</td>
                        <td class="num">{n(r.jointActions)}</td>
                        <td class="num">{n(r.rechecksDue)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr data-row="totals">
                      <th scope="row">{t('ah.total')}</th>
                      <td class="num">{n(totals.items)}</td>
                      <td class="num">{n(totals.openItems)}</td>
                      <td class="num">{n(totals.cases)}</td>
                      <td class="num">{n(totals.openCases)}</td>
                      <td class="num">{n(totals.jointActions)}</td>
                      <td class="num">{n(totals.rechecksDue)}</td>
                    </tr>
                  </tfoot>
                </table>
              </div>
            )}
            <p class="muted small">{t('ah.formula')}</p>
          </section>
        )}
      </div>
    </main>
  );
}
