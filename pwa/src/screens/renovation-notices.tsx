// 本楼装修公示 on the home screen of residents (their building) and committees (their communities):
// unit, period, working hours, contractor. Hidden when there is nothing to show (or it cannot be read).
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../env';
import { RenovationNoticesQuery } from '../graphql/operations';
import type { RenovationNotice } from '../graphql/renovation-types';
import type { Lang } from '../i18n';

/** A NaiveDate as the interface language writes it (no time zone shift). */
export function noticeDate(lang: Lang, date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(d);
}

export function RenovationNoticesCard() {
  const { t, lang, call, offline, user } = useEnv();
  const [notices, setNotices] = useState<RenovationNotice[] | null>(null);
  useEffect(() => {
    if (offline) return;
    let live = true;
    call(RenovationNoticesQuery, {}).then(
      (d) => live && setNotices(d.renovationNotices),
      () => undefined, // a notice board, not a task: nothing to say when it cannot be read
    );
    return () => {
      live = false;
    };
  }, [user.id, offline, lang]);
  if (!notices || notices.length === 0) return null;
  return (
    <section class="card" aria-labelledby="notices-heading" data-section="renovation-notices">
      <h2 id="notices-heading">{t('notices.title')}</h2>
      <p class="muted small">{t('notices.intro')}</p>
      <ul class="plain-list notices" data-list="renovation-notices">
        {notices.map((n) => (
          <li key={n.id} data-notice-id={n.id}>
            <p>
              <strong>{n.unitLabel ?? t('notices.unitUnknown')}</strong>{' '}
              {n.status && <span class="muted small">{t(`renovationStatus.${n.status}`)}</span>}
            </p>
            <p class="small">{t('notices.period', { start: noticeDate(lang, n.plannedStart), end: noticeDate(lang, n.plannedEnd) })}</p>
            <p class="small">{t('notices.hours', { hours: n.workingHours })}</p>
            <p class="small muted">{t('notices.contractor', { name: n.contractorName })}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
