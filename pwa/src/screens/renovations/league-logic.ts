// 物业履责排名 without the DOM: the period presets (Shanghai calendar days) and how the numbers read.
import type { Lang } from '../../i18n';
import type { FirmStanding, NaiveDate, SubDistrictOption } from '../../graphql/renovation-types';

export type LeaguePreset = 'month' | 'last30' | 'year' | 'custom';
export const LEAGUE_PRESETS: readonly LeaguePreset[] = ['month', 'last30', 'year', 'custom'];

export interface LeaguePeriod {
  from: NaiveDate;
  to: NaiveDate;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000; // no daylight saving time in China
const DAY_MS = 86_400_000;

/** Today's date in Shanghai, whatever the phone's time zone. */
export function shanghaiToday(now: number = Date.now()): NaiveDate {
  return new Date(now + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

function addDays(date: NaiveDate, days: number): NaiveDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A preset's period, both ends inclusive and ending today (custom: null, the screen keeps its own dates). */
export function presetPeriod(preset: LeaguePreset, today: NaiveDate): LeaguePeriod | null {
  switch (preset) {
    case 'month':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'last30':
      return { from: addDays(today, -29), to: today };
    case 'year':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'custom':
      return null;
  }
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A period the server accepts: two dates, the end not before the start. */
export function periodProblem(p: LeaguePeriod): 'missing' | 'toBeforeFrom' | null {
  if (!DATE_RE.test(p.from) || !DATE_RE.test(p.to)) return 'missing';
  return p.to < p.from ? 'toBeforeFrom' : null;
}

const formatters = new Map<string, Intl.NumberFormat>();
function formatter(lang: Lang, kind: 'share' | 'decimal' | 'integer'): Intl.NumberFormat {
  const key = `${lang}:${kind}`;
  let f = formatters.get(key);
  if (!f) {
    f =
      kind === 'integer'
        ? new Intl.NumberFormat(lang, { maximumFractionDigits: 0 })
        : new Intl.NumberFormat(lang, { style: kind === 'share' ? 'percent' : 'decimal', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    formatters.set(key, f);
  }
  return f;
}

/** A share (0..1) as a percentage with one decimal: 0.8571 → "85.7%"; null (nothing to divide) → null. */
export function formatShare(lang: Lang, share: number | null | undefined): string | null {
  if (share === null || share === undefined || !Number.isFinite(share)) return null;
  return formatter(lang, 'share').format(share);
}

/** Problems per 1,000 units, one decimal: 2.5 → "2.5", 1234.56 → "1,234.6". */
export function formatPer1000(lang: Lang, value: number): string {
  return formatter(lang, 'decimal').format(value);
}

export function formatCount(lang: Lang, n: number): string {
  return formatter(lang, 'integer').format(n);
}

/** The numbers behind a rank, in the order they are explained. Shares are the two nullable ones. */
export const STANDING_FIELDS = [
  'communities',
  'unitsManaged',
  'registrations',
  'registeredBeforeStart',
  'unregisteredFound',
  'registeredShare',
  'patrolsDue',
  'patrolsOnTime',
  'patrolOnTimeShare',
  'foundByFirm',
  'firstByComplaint',
  'reportsLate',
  'dutyChecksFailed',
  'casesAgainstFirm',
  'problems',
  'problemsPer1000Units',
] as const satisfies readonly (keyof FirmStanding)[];
export type StandingField = (typeof STANDING_FIELDS)[number];

/** One number behind the rank as shown (null: a share with nothing to divide). */
export function formatStandingField(lang: Lang, s: FirmStanding, field: StandingField): string | null {
  switch (field) {
    case 'registeredShare':
    case 'patrolOnTimeShare':
      return formatShare(lang, s[field]);
    case 'problemsPer1000Units':
      return formatPer1000(lang, s[field]);
    default:
      return formatCount(lang, s[field]);
  }
}

/** The sub-district to show first: the one chosen before, else an officer's own (their squad's), else the first. */
export function defaultSubDistrict(
  options: readonly SubDistrictOption[],
  saved: string | null,
  squadLabel: string | null,
): string | null {
  if (saved && options.some((o) => o.id === saved)) return saved;
  const own = squadLabel ? options.find((o) => o.squad?.name === squadLabel) : undefined;
  return own?.id ?? options[0]?.id ?? null;
}
