// The figures without the DOM (SPEC §11): period presets (Shanghai calendar days), how rates read,
// the drill-down's address, the export URLs and the chart data.
import type { Lang } from '../../i18n';
import type { ItemSource, MatterCategory } from '../../graphql/types';
import {
  FIGURE_DIMENSIONS,
  FIGURE_MEASURES,
  FOCUS_SERIES,
  type FigureDimension,
  type FigureFilter,
  type FigureMeasure,
  type FigureRow,
  type FocusSeries,
  type NaiveDate,
  type TrendPoint,
  type WeekCount,
} from '../../graphql/figure-types';

// ---------------------------------------------------------------- dates

const SHANGHAI_OFFSET_MS = 8 * 3_600_000; // no daylight saving time in China
const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Today's date in Shanghai, whatever the phone's time zone. */
export function shanghaiToday(now: number = Date.now()): NaiveDate {
  return new Date(now + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: NaiveDate, days: number): NaiveDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to` (0 for the same day). */
export function daysBetween(from: NaiveDate, to: NaiveDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** A NaiveDate as seconds since the epoch at its UTC midnight (the charts' x axis). */
export function dateToSeconds(date: NaiveDate): number {
  return Date.parse(`${date}T00:00:00Z`) / 1000;
}

/** "2026年11月27日" / "27 Nov 2026" from a NaiveDate (no time zone shift). */
export function formatDate(lang: Lang, date: string | null | undefined): string {
  if (!date) return '';
  if (!DATE_RE.test(date)) return date;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

/** "11月27日" / "27 Nov": a chart's week label. */
export function formatShortDate(lang: Lang, date: NaiveDate): string {
  if (!DATE_RE.test(date)) return date;
  return new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

// ---------------------------------------------------------------- periods

export type PeriodPreset = 'thisMonth' | 'lastMonth' | 'thisYear' | 'custom';
export const PERIOD_PRESETS: readonly PeriodPreset[] = ['thisMonth', 'lastMonth', 'thisYear', 'custom'];

export interface Period {
  from: NaiveDate;
  to: NaiveDate;
}

/** The server refuses a window longer than this many days after `from`. */
export const MAX_PERIOD_DAYS = 366;

/** A preset's period, both ends inclusive (custom: null, the screen keeps its own dates). */
export function presetPeriod(preset: PeriodPreset, today: NaiveDate): Period | null {
  switch (preset) {
    case 'thisMonth':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'lastMonth': {
      const lastDay = addDays(`${today.slice(0, 8)}01`, -1);
      return { from: `${lastDay.slice(0, 8)}01`, to: lastDay };
    }
    case 'thisYear':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'custom':
      return null;
  }
}

export type PeriodProblem = 'missing' | 'toBeforeFrom' | 'tooLong';

/** A period the server accepts: two dates, the end not before the start, at most 366 days apart. */
export function periodProblem(p: Period): PeriodProblem | null {
  if (!DATE_RE.test(p.from) || !DATE_RE.test(p.to)) return 'missing';
  if (p.to < p.from) return 'toBeforeFrom';
  return daysBetween(p.from, p.to) > MAX_PERIOD_DAYS ? 'tooLong' : null;
}

// ---------------------------------------------------------------- numbers

const formatters = new Map<string, Intl.NumberFormat>();
function formatter(lang: Lang, kind: 'percent' | 'integer'): Intl.NumberFormat {
  const key = `${lang}:${kind}`;
  let f = formatters.get(key);
  if (!f) {
    f =
      kind === 'integer'
        ? new Intl.NumberFormat(lang, { maximumFractionDigits: 0 })
        : new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    formatters.set(key, f);
  }
  return f;
}

/** The sign for "nothing to divide": a rate of nothing is not 0 %. */
export const NO_RATE = '—';

/** A rate (0..1) as a percentage with one decimal: 0.8571 → "85.7%"; null → "—". */
export function formatRate(lang: Lang, rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return NO_RATE;
  return formatter(lang, 'percent').format(rate);
}

export function formatCount(lang: Lang, n: number): string {
  return formatter(lang, 'integer').format(n);
}

/** A rate as a chart value (percent, 0..100), null kept as a gap. */
export function ratePercent(rate: number | null | undefined): number | null {
  return rate === null || rate === undefined || !Number.isFinite(rate) ? null : Math.round(rate * 1000) / 10;
}

/**
 * The rates the screen shows as cards, each with the counts behind it and the measure that lists
 * the items counting against it (tapping the card's number drills down there).
 */
export const RATE_CARDS = [
  { rate: 'responseRate', part: 'acceptedOnTime', whole: 'received', against: 'ACCEPTED_LATE' },
  { rate: 'resolutionRate', part: 'resolved', whole: 'received', against: 'UNRESOLVED' },
  { rate: 'onTimeRate', part: 'repliedOnTime', whole: 'replied', against: 'REPLIED_LATE' },
  { rate: 'satisfactionRate', part: 'satisfied', whole: 'rated', against: 'UNSATISFIED' },
  { rate: 'conversionRate', part: 'converted', whole: 'violations', against: 'NOT_CONVERTED' },
  { rate: 'mandatoryConversionRate', part: 'mandatoryConverted', whole: 'mandatoryViolations', against: 'MANDATORY_NOT_CONVERTED' },
  { rate: 'repeatRate', part: 'repeats', whole: 'complaints', against: 'REPEAT' },
] as const satisfies readonly { rate: keyof FigureRow; part: keyof FigureRow; whole: keyof FigureRow; against: FigureMeasure }[];
export type RateCard = (typeof RATE_CARDS)[number];
export type RateField = RateCard['rate'];

/** The table's columns at 360 px: received and the three rates of 三率 (the rest fold out per row). */
export const TABLE_RATES: readonly RateField[] = ['responseRate', 'resolutionRate', 'satisfactionRate'];

// ---------------------------------------------------------------- the choice and its filter

/** Every source (线索来源), in the order the bureau lists them. */
export const ITEM_SOURCES_FOR_FIGURES: readonly ItemSource[] = [
  'CITIZEN_COMPLAINT',
  'PATROL',
  'PROPERTY_REPORT',
  'COMMITTEE_REPORT',
  'DEPARTMENT_REFERRAL',
  'MEDIA',
];

export interface FigureChoice {
  preset: PeriodPreset;
  period: Period;
  by: FigureDimension;
  subDistrictId: string | null;
  communityId: string | null;
  matterCode: string | null;
  category: MatterCategory | null;
  source: ItemSource | null;
  firmId: string | null;
  focus: FocusSeries | null;
}

/** Filters the screen can narrow to, besides the period (their names are FigureFilter's). */
export const FILTER_KEYS = ['subDistrictId', 'communityId', 'matterCode', 'category', 'source', 'firmId', 'focus'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** The FigureFilter of a choice: the period and whichever filters are set (unset ones left out). */
export function filterOf(choice: Pick<FigureChoice, 'period' | FilterKey>): FigureFilter {
  const filter: FigureFilter = { from: choice.period.from, to: choice.period.to };
  for (const key of FILTER_KEYS) {
    const value = choice[key];
    if (value) (filter as unknown as Record<string, string>)[key] = value;
  }
  return filter;
}

/** Which filter a row of a dimension stands for ("only this one"); null for the dimensions without one. */
export function filterKeyOfDimension(by: FigureDimension): FilterKey | null {
  switch (by) {
    case 'SUB_DISTRICT':
      return 'subDistrictId';
    case 'COMMUNITY':
      return 'communityId';
    case 'MATTER':
      return 'matterCode';
    case 'CATEGORY':
      return 'category';
    case 'SOURCE':
      return 'source';
    case 'FIRM':
      return 'firmId';
    case 'DISTRICT':
      return null;
  }
}

// ---------------------------------------------------------------- drill-down address and exports

export interface DrillDown {
  filter: FigureFilter;
  measure: FigureMeasure;
  by: FigureDimension | null;
  key: string | null;
  /** What the list is of, for its heading (a row's label); not sent to the server. */
  label: string | null;
}

/** Query parameters of a filter (its fields by name, the order fixed). */
function filterParams(filter: FigureFilter): URLSearchParams {
  const params = new URLSearchParams();
  params.set('from', filter.from);
  params.set('to', filter.to);
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** The in-app address of a drill-down: /figures/items?from=…&measure=…[&by=…&key=…&label=…]. */
export function drillDownPath(d: DrillDown): string {
  const params = filterParams(d.filter);
  params.set('measure', d.measure);
  if (d.by) params.set('by', d.by);
  if (d.key !== null && d.by) params.set('key', d.key);
  if (d.label) params.set('label', d.label);
  return `/figures/items?${params.toString()}`;
}

const isOneOf = <T extends string>(list: readonly T[], v: string | null): v is T => v !== null && (list as readonly string[]).includes(v);

/** A drill-down from its address; null when the address does not name a valid one. */
export function parseDrillDown(search: string): DrillDown | null {
  const params = new URLSearchParams(search);
  const from = params.get('from');
  const to = params.get('to');
  const measure = params.get('measure');
  if (!from || !to || !isOneOf(FIGURE_MEASURES, measure)) return null;
  if (periodProblem({ from, to })) return null;
  const filter: FigureFilter = { from, to };
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) (filter as unknown as Record<string, string>)[key] = value;
  }
  if (filter.focus && !FOCUS_SERIES.includes(filter.focus)) delete filter.focus;
  const byParam = params.get('by');
  const by = byParam === 'DISTRICT' || isOneOf(FIGURE_DIMENSIONS, byParam) ? byParam : null;
  return { filter, measure, by, key: by ? params.get('key') : null, label: params.get('label') };
}

/** GET /exports/figures.xlsx with the filter and dimension (the contract's query parameters). */
export function figuresExportUrl(filter: FigureFilter, by: FigureDimension): string {
  const params = filterParams(filter);
  params.set('by', by);
  return `/exports/figures.xlsx?${params.toString()}`;
}

/** GET /exports/items.xlsx: the items behind one number. */
export function itemsExportUrl(d: Omit<DrillDown, 'label'>): string {
  const params = filterParams(d.filter);
  params.set('measure', d.measure);
  if (d.by) params.set('by', d.by);
  if (d.by && d.key !== null) params.set('key', d.key);
  return `/exports/items.xlsx?${params.toString()}`;
}

/** The file name a download is saved under: the server's Content-Disposition, else the fallback. */
export function downloadName(contentDisposition: string | null, fallback: string): string {
  if (contentDisposition) {
    const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(contentDisposition);
    if (star) {
      try {
        return decodeURIComponent(star[1]!.trim());
      } catch {
        // fall through to the plain name
      }
    }
    const plain = /filename\s*=\s*"([^"]+)"|filename\s*=\s*([^;\s]+)/.exec(contentDisposition);
    const name = plain?.[1] ?? plain?.[2];
    if (name) return name;
  }
  return fallback;
}

// ---------------------------------------------------------------- chart data

/** uPlot's data: x values (seconds) then one array per series, gaps as null. */
export type ChartData = [number[], ...(number | null)[][]];

/** The trend chart: received per bucket (bars, left axis) and three rates in % (lines, right axis). */
export function trendData(trend: readonly TrendPoint[]): ChartData {
  return [
    trend.map((p) => dateToSeconds(p.start)),
    trend.map((p) => p.received),
    trend.map((p) => ratePercent(p.responseRate)),
    trend.map((p) => ratePercent(p.resolutionRate)),
    trend.map((p) => ratePercent(p.satisfactionRate)),
  ];
}

/** The breakdown chart: the rows with most received first, at most `limit` (the rest are in the table). */
export function breakdownData(rows: readonly FigureRow[], limit = 10): { labels: string[]; received: number[]; rates: (number | null)[] } {
  const shown = [...rows].sort((a, b) => b.received - a.received).slice(0, limit);
  return {
    labels: shown.map((r) => r.label),
    received: shown.map((r) => r.received),
    rates: shown.map((r) => ratePercent(r.resolutionRate)),
  };
}

export interface BeforeAfter {
  /** Week starts, as chart x values (seconds). */
  xs: number[];
  /** Complaints in weeks before the plan (null in the weeks after). */
  before: (number | null)[];
  /** Complaints in weeks from the plan's start (null before). */
  after: (number | null)[];
  /** The x value of the first week after the plan started (null when there is none). */
  startX: number | null;
  /** Averages per week before and after (null when no such weeks). */
  averageBefore: number | null;
  averageAfter: number | null;
}

const average = (xs: number[]) => (xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10);

/** A plan's weeks split into two series around its start, and the averages on either side. */
export function beforeAfterData(weeks: readonly WeekCount[]): BeforeAfter {
  const sorted = [...weeks].sort((a, b) => (a.weekStart < b.weekStart ? -1 : a.weekStart > b.weekStart ? 1 : 0));
  const first = sorted.find((w) => w.afterPlan);
  return {
    xs: sorted.map((w) => dateToSeconds(w.weekStart)),
    before: sorted.map((w) => (w.afterPlan ? null : w.count)),
    after: sorted.map((w) => (w.afterPlan ? w.count : null)),
    startX: first ? dateToSeconds(first.weekStart) : null,
    averageBefore: average(sorted.filter((w) => !w.afterPlan).map((w) => w.count)),
    averageAfter: average(sorted.filter((w) => w.afterPlan).map((w) => w.count)),
  };
}
