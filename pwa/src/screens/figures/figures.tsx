// 数据统计 (SPEC §11): for a period and a dimension, the 三率 and the other rates as cards, a weekly
// trend chart, a breakdown by the dimension, the table of rows (exported to .xlsx), the three focus
// series, cases, duty checks and the renovation pilot. Every count of items links to the items behind
// it (figureItems with the matching measure). At 360 px the table has four columns; a row's other
// numbers fold out below it.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import type { Lang, MessageKey, Translate } from '../../i18n';
import { FiguresQuery } from '../../graphql/figure-operations';
import { MattersQuery } from '../../graphql/operations';
import { SubDistrictsQuery } from '../../graphql/renovation-operations';
import { FIGURE_DIMENSIONS, FOCUS_SERIES, type FigureDimension, type FigureFilter, type FigureRow, type Figures, type FocusSeries } from '../../graphql/figure-types';
import { MATTER_CATEGORIES, type MatterSummary } from '../../graphql/types';
import type { SubDistrictOption } from '../../graphql/renovation-types';
import { errorText, useHeadingFocus } from '../../ui';
import { Chart, type ChartSpec } from '../charts/chart';
import { ExportButton } from './export';
import {
  ITEM_SOURCES_FOR_FIGURES,
  PERIOD_PRESETS,
  RATE_CARDS,
  TABLE_RATES,
  breakdownData,
  drillDownPath,
  filterKeyOfDimension,
  filterOf,
  figuresExportUrl,
  formatCount,
  formatDate,
  formatRate,
  formatShortDate,
  periodProblem,
  presetPeriod,
  shanghaiToday,
  trendData,
  type FigureChoice,
  type FilterKey,
  type PeriodPreset,
} from './logic';

const CHOICE_KEY = 'gongzhi.figures';

function defaultChoice(today: string): FigureChoice {
  return {
    preset: 'thisMonth',
    period: presetPeriod('thisMonth', today)!,
    by: 'SUB_DISTRICT',
    subDistrictId: null,
    communityId: null,
    matterCode: null,
    category: null,
    source: null,
    firmId: null,
    focus: null,
  };
}

/** The saved choice (a preset is recomputed for today; a custom period kept as it was). */
export function loadFigureChoice(storage: Storage, today: string): FigureChoice {
  const fallback = defaultChoice(today);
  try {
    const saved = JSON.parse(storage.getItem(CHOICE_KEY) ?? '{}') as Partial<FigureChoice> & { labels?: unknown };
    const preset = saved.preset && PERIOD_PRESETS.includes(saved.preset) ? saved.preset : fallback.preset;
    const period =
      presetPeriod(preset, today) ??
      (saved.period && typeof saved.period.from === 'string' && typeof saved.period.to === 'string' ? saved.period : fallback.period);
    const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
    return {
      preset,
      period,
      by: saved.by && FIGURE_DIMENSIONS.includes(saved.by) ? saved.by : fallback.by,
      subDistrictId: str(saved.subDistrictId),
      communityId: str(saved.communityId),
      matterCode: str(saved.matterCode),
      category: saved.category && MATTER_CATEGORIES.includes(saved.category) ? saved.category : null,
      source: saved.source && ITEM_SOURCES_FOR_FIGURES.includes(saved.source) ? saved.source : null,
      firmId: str(saved.firmId),
      focus: saved.focus && FOCUS_SERIES.includes(saved.focus) ? saved.focus : null,
    };
  } catch {
    return fallback;
  }
}

const LINE_COLORS = ['#0b5cad', '#1d7a3a', '#a64d00'];

/** A count that opens the items behind it. */
function CountLink({ n, lang, href, label }: { n: number; lang: Lang; href: string; label: string }) {
  return (
    <a class="count-link" href={href} aria-label={label}>
      {formatCount(lang, n)}
    </a>
  );
}

function RateCards({ t, lang, row, filter, by, rowKey }: { t: Translate; lang: Lang; row: FigureRow; filter: FigureFilter; by: FigureDimension | null; rowKey: string | null }) {
  const drill = (measure: Parameters<typeof drillDownPath>[0]['measure']) => drillDownPath({ filter, measure, by, key: rowKey, label: null });
  return (
    <ul class="rate-cards" data-list="rates">
      <li class="rate-card" data-rate="received">
        <p class="rate-name">{t('fig.received')}</p>
        <p class="rate-value">
          <CountLink n={row.received} lang={lang} href={drill('RECEIVED')} label={t('fig.receivedLink', { n: formatCount(lang, row.received) })} />
        </p>
        <p class="muted small">{t('fig.complaintsOf', { n: formatCount(lang, row.complaints) })}</p>
      </li>
      {RATE_CARDS.map((c) => (
        <li key={c.rate} class="rate-card" data-rate={c.rate} data-value={row[c.rate] === null ? '' : String(row[c.rate])}>
          <p class="rate-name">{t(`fig.rate.${c.rate}`)}</p>
          <p class="rate-value">{formatRate(lang, row[c.rate])}</p>
          <p class="muted small">{t(`fig.parts.${c.rate}`, { part: formatCount(lang, row[c.part]), whole: formatCount(lang, row[c.whole]) })}</p>
          <p class="small">
            <a class="inline-link" href={drill(c.against)} data-measure={c.against}>
              {t(`fig.measure.${c.against}`)}
            </a>
          </p>
        </li>
      ))}
    </ul>
  );
}

function FigureTable({
  t,
  lang,
  figures,
  filter,
  onlyThis,
}: {
  t: Translate;
  lang: Lang;
  figures: Figures;
  filter: FigureFilter;
  onlyThis: ((row: FigureRow) => void) | null;
}) {
  const by = figures.by;
  const rowCells = (r: FigureRow, key: string | null, rowBy: FigureDimension | null) => (
    <>
      <td class="num" data-field="received">
        <CountLink
          n={r.received}
          lang={lang}
          href={drillDownPath({ filter, measure: 'RECEIVED', by: rowBy, key, label: key === null ? null : r.label })}
          label={t('fig.receivedOf', { label: r.label, n: formatCount(lang, r.received) })}
        />
      </td>
      {TABLE_RATES.map((rate) => (
        <td key={rate} class="num" data-field={rate}>
          {formatRate(lang, r[rate])}
        </td>
      ))}
    </>
  );
  const details = (r: FigureRow, key: string | null, rowBy: FigureDimension | null) => (
    <details class="league-numbers">
      <summary>
        {t('fig.rowDetails')}
        <span class="sr-only">{` · ${r.label}`}</span>
      </summary>
      <dl>
        {RATE_CARDS.map((c) => (
          <div key={c.rate}>
            <dt>{t(`fig.rate.${c.rate}`)}</dt>
            <dd>
              {formatRate(lang, r[c.rate])}{' '}
              <span class="muted small">{t(`fig.parts.${c.rate}`, { part: formatCount(lang, r[c.part]), whole: formatCount(lang, r[c.whole]) })}</span>
              <br />
              <a class="inline-link small" href={drillDownPath({ filter, measure: c.against, by: rowBy, key, label: key === null ? null : r.label })}>
                {t(`fig.measure.${c.against}`)}
              </a>
            </dd>
          </div>
        ))}
      </dl>
      {onlyThis && key !== null && (
        <button type="button" class="link" onClick={() => onlyThis(r)} data-action="only-this">
          {t('fig.onlyThis', { label: r.label })}
        </button>
      )}
    </details>
  );
  return (
    <div class="league-scroll">
      <table class="league-table figure-table" data-list="figure-rows">
        <caption>{t('fig.tableCaption', { by: t(`fig.by.${by}`) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t(`fig.by.${by}`)}</th>
            <th scope="col" class="num">
              {t('fig.receivedShort')}
            </th>
            {TABLE_RATES.map((rate) => (
              <th key={rate} scope="col" class="num">
                {t(`fig.rateShort.${rate}`)}
              </th>
            ))}
          </tr>
        </thead>
        {figures.rows.map((r) => (
          <tbody key={r.key} data-row-key={r.key}>
            <tr class="league-row">
              <th scope="row">{r.label}</th>
              {rowCells(r, r.key, by)}
            </tr>
            <tr class="league-detail">
              <td colSpan={2 + TABLE_RATES.length}>{details(r, r.key, by)}</td>
            </tr>
          </tbody>
        ))}
        <tbody data-row-key="total" class="total">
          <tr class="league-row">
            <th scope="row">{t('fig.total')}</th>
            {rowCells(figures.total, null, null)}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** The rows as horizontal bars (labels read in full at 360 px; the numbers are also in the table). */
function Breakdown({ t, lang, figures }: { t: Translate; lang: Lang; figures: Figures }) {
  const data = breakdownData(figures.rows);
  const max = Math.max(1, ...data.received);
  if (data.labels.length === 0) return null;
  return (
    <figure class="chart breakdown" data-chart="breakdown">
      <figcaption>{t('fig.breakdownCaption', { by: t(`fig.by.${figures.by}`) })}</figcaption>
      <ol class="bars">
        {data.labels.map((label, i) => (
          <li key={label + i}>
            <span class="bar-label">{label}</span>
            <span class="bar-track" aria-hidden="true">
              <span class="bar-fill" style={{ width: `${(data.received[i]! / max) * 100}%` }} />
            </span>
            <span class="bar-value">
              {t('fig.barValue', { n: formatCount(lang, data.received[i]!), rate: formatRate(lang, data.rates[i] === null ? null : data.rates[i]! / 100) })}
            </span>
          </li>
        ))}
      </ol>
    </figure>
  );
}

function FocusCards({ t, lang, figures, filter }: { t: Translate; lang: Lang; figures: Figures; filter: FigureFilter }) {
  return (
    <ul class="focus-cards plain-list" data-list="focus">
      {figures.focus.map((f) => {
        const focused: FigureFilter = { ...filter, focus: f.series };
        return (
          <li key={f.series} class="card" data-focus={f.series}>
            <h3>{f.label}</h3>
            <dl class="mini-facts">
              <div>
                <dt>{t('fig.received')}</dt>
                <dd>
                  <CountLink
                    n={f.row.received}
                    lang={lang}
                    href={drillDownPath({ filter: focused, measure: 'RECEIVED', by: null, key: null, label: f.label })}
                    label={t('fig.receivedOf', { label: f.label, n: formatCount(lang, f.row.received) })}
                  />
                </dd>
              </div>
              <div>
                <dt>{t('fig.rateShort.resolutionRate')}</dt>
                <dd>{formatRate(lang, f.row.resolutionRate)}</dd>
              </div>
              <div>
                <dt>{t('fig.rateShort.conversionRate')}</dt>
                <dd>{formatRate(lang, f.row.conversionRate)}</dd>
              </div>
              <div>
                <dt>{t('fig.rateShort.repeatRate')}</dt>
                <dd>{formatRate(lang, f.row.repeatRate)}</dd>
              </div>
            </dl>
            <p class="small">
              <a class="inline-link" href={drillDownPath({ filter: focused, measure: 'UNRESOLVED', by: null, key: null, label: f.label })}>
                {t('fig.measure.UNRESOLVED')}
              </a>
            </p>
          </li>
        );
      })}
    </ul>
  );
}

function Facts({ items }: { items: { label: string; value: string; field: string }[] }) {
  return (
    <dl class="mini-facts">
      {items.map((i) => (
        <div key={i.field} data-field={i.field}>
          <dt>{i.label}</dt>
          <dd>{i.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Sub-districts and matters for the filters, read once per visit. */
function useFilterOptions(offline: boolean, lang: Lang) {
  const { call } = useEnv();
  const [subDistricts, setSubDistricts] = useState<SubDistrictOption[]>([]);
  const [matters, setMatters] = useState<MatterSummary[]>([]);
  useEffect(() => {
    if (offline) return;
    call(SubDistrictsQuery, {}).then((d) => setSubDistricts(d.subDistricts), () => undefined);
    call(MattersQuery, { first: 100 }).then((d) => setMatters(d.matters.edges.map((e) => e.node)), () => undefined);
  }, [offline, lang]);
  return { subDistricts, matters };
}

export function FiguresScreen() {
  const { t, lang, user, call, storage, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const today = shanghaiToday();
  const [choice, setChoice] = useState<FigureChoice>(() => loadFigureChoice(storage, today));
  const [labels, setLabels] = useState<Partial<Record<FilterKey, string>>>(() => {
    try {
      return (JSON.parse(storage.getItem(`${CHOICE_KEY}.labels`) ?? '{}') as Partial<Record<FilterKey, string>>) ?? {};
    } catch {
      return {};
    }
  });
  const [result, setResult] = useState<{ key: string; figures: Figures } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef('');
  const { subDistricts, matters } = useFilterOptions(offline, lang);

  const problem = periodProblem(choice.period);
  const filter = useMemo(() => filterOf(choice), [JSON.stringify(choice)]);
  const key = `${JSON.stringify(filter)}|${choice.by}|${lang}`;

  useEffect(() => {
    storage.setItem(CHOICE_KEY, JSON.stringify(choice));
    storage.setItem(`${CHOICE_KEY}.labels`, JSON.stringify(labels));
    if (offline || problem) return;
    latest.current = key;
    setBusy(true);
    call(FiguresQuery, { filter, by: choice.by, bucket: 'WEEK' }).then(
      ({ figures }) => {
        if (latest.current !== key) return;
        setResult({ key, figures });
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

  const figures = result?.figures ?? null;
  const set = (patch: Partial<FigureChoice>) => setChoice((c) => ({ ...c, ...patch }));
  const pickPreset = (p: PeriodPreset) => setChoice((c) => ({ ...c, preset: p, period: presetPeriod(p, today) ?? c.period }));
  const setDate = (end: 'from' | 'to', value: string) => setChoice((c) => ({ ...c, preset: 'custom', period: { ...c.period, [end]: value } }));
  const onlyThis = (row: FigureRow) => {
    const k = filterKeyOfDimension(choice.by);
    if (!k) return;
    setLabels((l) => ({ ...l, [k]: row.label }));
    set({ [k]: row.key } as Partial<FigureChoice>);
  };
  const clear = (k: FilterKey) => set({ [k]: null } as Partial<FigureChoice>);

  const trendSpec = useMemo<ChartSpec | null>(() => {
    if (!figures) return null;
    const [, received, response, resolution, satisfaction] = trendData(figures.trend);
    return {
      labels: figures.trend.map((p) => formatShortDate(lang, p.start)),
      bars: [{ label: t('fig.chartReceived'), values: received!, color: '#7a9cc6' }],
      lines: [
        { label: t('fig.rateShort.responseRate'), values: response!, color: LINE_COLORS[0]! },
        { label: t('fig.rateShort.resolutionRate'), values: resolution!, color: LINE_COLORS[1]!, dash: [6, 3] },
        { label: t('fig.rateShort.satisfactionRate'), values: satisfaction!, color: LINE_COLORS[2]!, dash: [2, 3] },
      ],
    };
  }, [figures, lang]);

  // Filters set from a row ("only this one"): shown as chips that remove them.
  const rowFilters = (['communityId', 'firmId'] as const).filter((k) => choice[k]);
  const showsSubDistrict = user.role === 'SUPERVISOR';
  const filterCount = FILTER_KEYS_SHOWN.filter((k) => choice[k]).length;
  const stale = result !== null && result.key !== key;

  return (
    <main class="content">
      <div class="screen figures">
        <h1 ref={heading} tabIndex={-1}>
          {t('figures.title')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        <div class="card league-controls">
          <div class="filter-chips" role="group" aria-label={t('fig.period')}>
            {PERIOD_PRESETS.map((p) => (
              <button key={p} type="button" class="filter-chip" aria-pressed={choice.preset === p} data-preset={p} onClick={() => pickPreset(p)}>
                {t(`fig.preset.${p}`)}
              </button>
            ))}
          </div>
          {choice.preset === 'custom' && (
            <div class="date-pair">
              <div class="field">
                <label for="fig-from">{t('fig.from')}</label>
                <input id="fig-from" type="date" value={choice.period.from} max={today} onInput={(e) => setDate('from', (e.currentTarget as HTMLInputElement).value)} />
              </div>
              <div class="field">
                <label for="fig-to">{t('fig.to')}</label>
                <input
                  id="fig-to"
                  type="date"
                  value={choice.period.to}
                  aria-invalid={problem ? 'true' : undefined}
                  aria-describedby={problem ? 'fig-period-problem' : undefined}
                  onInput={(e) => setDate('to', (e.currentTarget as HTMLInputElement).value)}
                />
              </div>
              {problem && (
                <p id="fig-period-problem" class="field-error">
                  {t(`fig.periodProblem.${problem}`)}
                </p>
              )}
            </div>
          )}
          <div class="field">
            <label for="fig-by">{t('fig.by')}</label>
            <select id="fig-by" value={choice.by} onChange={(e) => set({ by: (e.currentTarget as HTMLSelectElement).value as FigureDimension })}>
              {FIGURE_DIMENSIONS.map((d) => (
                <option key={d} value={d}>
                  {t(`fig.byOption.${d}`)}
                </option>
              ))}
            </select>
          </div>
          <details class="more-action fig-filters" open={filterCount > 0}>
            <summary>{filterCount > 0 ? t('fig.filtersOn', { n: String(filterCount) }) : t('fig.filters')}</summary>
            {showsSubDistrict && (
              <div class="field">
                <label for="fig-sub-district">{t('fig.filter.subDistrictId')}</label>
                <select id="fig-sub-district" value={choice.subDistrictId ?? ''} onChange={(e) => set({ subDistrictId: (e.currentTarget as HTMLSelectElement).value || null })}>
                  <option value="">{t('fig.all')}</option>
                  {subDistricts.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div class="field">
              <label for="fig-category">{t('fig.filter.category')}</label>
              <select id="fig-category" value={choice.category ?? ''} onChange={(e) => set({ category: ((e.currentTarget as HTMLSelectElement).value || null) as FigureChoice['category'] })}>
                <option value="">{t('fig.all')}</option>
                {MATTER_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(`category.${c}`)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="fig-matter">{t('fig.filter.matterCode')}</label>
              <select id="fig-matter" value={choice.matterCode ?? ''} onChange={(e) => set({ matterCode: (e.currentTarget as HTMLSelectElement).value || null })}>
                <option value="">{t('fig.all')}</option>
                {matters
                  .filter((m) => !choice.category || m.category === choice.category)
                  .map((m) => (
                    <option key={m.code} value={m.code}>
                      {`${m.code} ${m.name}`}
                    </option>
                  ))}
              </select>
            </div>
            <div class="field">
              <label for="fig-source">{t('fig.filter.source')}</label>
              <select id="fig-source" value={choice.source ?? ''} onChange={(e) => set({ source: ((e.currentTarget as HTMLSelectElement).value || null) as FigureChoice['source'] })}>
                <option value="">{t('fig.all')}</option>
                {ITEM_SOURCES_FOR_FIGURES.map((s) => (
                  <option key={s} value={s}>
                    {t(`source.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="fig-focus">{t('fig.filter.focus')}</label>
              <select id="fig-focus" value={choice.focus ?? ''} onChange={(e) => set({ focus: ((e.currentTarget as HTMLSelectElement).value || null) as FocusSeries | null })}>
                <option value="">{t('fig.all')}</option>
                {FOCUS_SERIES.map((f) => (
                  <option key={f} value={f}>
                    {t(`fig.focus.${f}`)}
                  </option>
                ))}
              </select>
            </div>
            <p class="hint">{t('fig.onlyThisHint')}</p>
          </details>
          {rowFilters.length > 0 && (
            <div class="filter-chips" role="group" aria-label={t('fig.rowFilters')}>
              {rowFilters.map((k) => (
                <button key={k} type="button" class="filter-chip" aria-pressed="true" onClick={() => clear(k)} data-clear={k}>
                  {t('fig.removeFilter', { label: labels[k] ?? t(`fig.filter.${k}`) })}
                </button>
              ))}
            </div>
          )}
        </div>
        {busy && !figures && !error && <p role="status">{t('common.loading')}</p>}
        {figures && (
          <div class="figures-result" aria-busy={busy || stale} data-from={figures.from} data-to={figures.to} data-by={figures.by}>
            <p class="muted small" data-field="figures-period">
              {t('fig.periodLine', { from: formatDate(lang, figures.from), to: formatDate(lang, figures.to) })}
            </p>
            <section aria-labelledby="fig-rates-heading">
              <h2 id="fig-rates-heading">{t('fig.ratesHeading')}</h2>
              <RateCards t={t} lang={lang} row={figures.total} filter={filter} by={null} rowKey={null} />
            </section>
            <section aria-labelledby="fig-trend-heading">
              <h2 id="fig-trend-heading">{t('fig.trendHeading')}</h2>
              {trendSpec && (
                <Chart
                  id="trend"
                  caption={t('fig.trendCaption')}
                  summary={t('fig.trendSummary', { weeks: String(figures.trend.length), n: formatCount(lang, figures.total.received) })}
                  spec={trendSpec}
                  tableLabel={t('fig.chartTable')}
                  bucketHeader={t('fig.week')}
                  formatLine={(v) => formatRate(lang, v === null ? null : v / 100)}
                />
              )}
            </section>
            <section aria-labelledby="fig-rows-heading">
              <h2 id="fig-rows-heading">{t('fig.rowsHeading', { by: t(`fig.by.${figures.by}`) })}</h2>
              <Breakdown t={t} lang={lang} figures={figures} />
              {figures.rows.length === 0 ? (
                <p class="muted">{t('fig.noRows')}</p>
              ) : (
                <FigureTable t={t} lang={lang} figures={figures} filter={filter} onlyThis={filterKeyOfDimension(figures.by) ? onlyThis : null} />
              )}
              <ExportButton id="figures" path={figuresExportUrl(filter, figures.by)} fallbackName={`figures-${filter.from}-${filter.to}.xlsx`} />
            </section>
            <section aria-labelledby="fig-focus-heading">
              <h2 id="fig-focus-heading">{t('fig.focusHeading')}</h2>
              <FocusCards t={t} lang={lang} figures={figures} filter={filter} />
            </section>
            <section class="card" aria-labelledby="fig-cases-heading" data-section="cases">
              <h2 id="fig-cases-heading">{t('fig.casesHeading')}</h2>
              <Facts
                items={[
                  { field: 'opened', label: t('fig.cases.opened'), value: formatCount(lang, figures.cases.opened) },
                  { field: 'closed', label: t('fig.cases.closed'), value: formatCount(lang, figures.cases.closed) },
                  { field: 'open', label: t('fig.cases.open'), value: formatCount(lang, figures.cases.open) },
                  { field: 'overdue', label: t('fig.cases.overdue'), value: formatCount(lang, figures.cases.overdue) },
                ]}
              />
              {figures.cases.byStage.length > 0 && (
                <>
                  <h3 class="small">{t('fig.cases.byStage')}</h3>
                  <Facts
                    items={figures.cases.byStage.map((s, i) => ({
                      field: `stage-${s.stage ?? i}`,
                      label: s.stage ? t(`fig.stage.${s.stage}`) : '—',
                      value: formatCount(lang, s.count),
                    }))}
                  />
                </>
              )}
              <p class="small">
                <a class="inline-link" href="/cases">
                  {t('fig.cases.link')}
                </a>
              </p>
            </section>
            <section class="card" aria-labelledby="fig-duty-heading" data-section="duty-checks">
              <h2 id="fig-duty-heading">{t('fig.dutyHeading')}</h2>
              <Facts
                items={[
                  { field: 'concluded', label: t('fig.duty.concluded'), value: formatCount(lang, figures.dutyChecks.concluded) },
                  { field: 'failed', label: t('fig.duty.failed'), value: formatCount(lang, figures.dutyChecks.failed) },
                ]}
              />
              <p class="small">
                <a class="inline-link" href="/duty-checks">
                  {t('fig.duty.link')}
                </a>
              </p>
            </section>
            <section class="card" aria-labelledby="fig-reno-heading" data-section="renovation">
              <h2 id="fig-reno-heading">{t('fig.renoHeading')}</h2>
              <Facts
                items={(['registered', 'highRisk', 'inProgress', 'completed', 'violationReports', 'lateReports'] as const).map((f) => ({
                  field: f,
                  label: t(`fig.reno.${f}` as MessageKey),
                  value: formatCount(lang, figures.renovation[f]),
                }))}
              />
              <p class="small">
                <a class="inline-link" href="/renovations">
                  {t('fig.reno.link')}
                </a>
              </p>
            </section>
          </div>
        )}
      </div>
    </main>
  );
}

/** The filters counted on the disclosure (the row filters have their own chips). */
const FILTER_KEYS_SHOWN: readonly FilterKey[] = ['subDistrictId', 'matterCode', 'category', 'source', 'focus'];
