// Pieces the renovation screens share: chips in words (never colour alone) and dates.
import '../../i18n/renovations';
import type { Lang, Translate } from '../../i18n';
import type { RenovationStatus, RenovationSummary } from '../../graphql/renovation-types';

const STATUS_TONE: Record<RenovationStatus, 'new' | 'active' | 'done'> = {
  REGISTERED: 'new',
  AGREED: 'active',
  STARTED: 'active',
  COMPLETED: 'done',
};

export function RenovationStatusChip({ t, status }: { t: Translate; status: RenovationStatus | null }) {
  if (!status) return null;
  return (
    <span class={`chip chip-${STATUS_TONE[status]}`} data-renovation-status={status}>
      {t(`renovationStatus.${status}`)}
    </span>
  );
}

/** 高风险 and 巡查缺失 N 次, in words. */
export function RenovationFlags({ t, r }: { t: Translate; r: Pick<RenovationSummary, 'highRisk' | 'dutyGaps'> }) {
  return (
    <>
      {r.highRisk && (
        <span class="chip chip-danger" data-flag="high-risk">
          {t('reno.highRisk')}
        </span>
      )}
      {r.dutyGaps.length > 0 && (
        <span class="chip chip-warn" data-flag="duty-gaps">
          {t('reno.gapsBadge', { n: String(r.dutyGaps.length) })}
        </span>
      )}
    </>
  );
}

/** "2026年11月27日" / "27 Nov 2026" from a NaiveDate (no time zone shift). */
export function formatDate(lang: Lang, date: string | null | undefined): string {
  if (!date) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

export const renovationPath = (id: string) => `/renovations/${encodeURIComponent(id)}`;

/** Where: community and unit. */
export function placeOf(r: Pick<RenovationSummary, 'community' | 'unitLabel'>): string {
  return `${r.community.name}${r.unitLabel ? ` ${r.unitLabel}` : ''}`;
}
