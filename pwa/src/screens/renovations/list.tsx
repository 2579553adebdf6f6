// 装修登记: the firm's own registrations, or those in an officer's / supervisor's / housing scope.
// The server's order: high-risk first, then those with duty gaps, newest. Filter chips narrow it.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import type { Lang, Translate } from '../../i18n';
import { RenovationsQuery } from '../../graphql/renovation-operations';
import { RENOVATION_STATUSES, type RenovationFilter, type RenovationStatus, type RenovationSummary } from '../../graphql/renovation-types';
import { errorText, useHeadingFocus } from '../../ui';
import { RenovationFlags, RenovationStatusChip, formatDate, placeOf, renovationPath } from './common';

const PAGE = 30;
const FILTER_KEY = 'gongzhi.renovationFilter';

export interface RenovationListFilters {
  status: RenovationStatus | '';
  highRisk: boolean;
  withGaps: boolean;
}

export function loadRenovationFilters(storage: Storage): RenovationListFilters {
  try {
    const f = JSON.parse(storage.getItem(FILTER_KEY) ?? '{}') as Partial<RenovationListFilters>;
    return {
      status: f.status && RENOVATION_STATUSES.includes(f.status) ? f.status : '',
      highRisk: f.highRisk === true,
      withGaps: f.withGaps === true,
    };
  } catch {
    return { status: '', highRisk: false, withGaps: false };
  }
}

/** The GraphQL filter for the chips (null: everything the caller may see). */
export function renovationFilterOf(f: RenovationListFilters): RenovationFilter | null {
  const filter: RenovationFilter = {};
  if (f.status) filter.status = f.status;
  if (f.highRisk) filter.highRisk = true;
  if (f.withGaps) filter.withGaps = true;
  return Object.keys(filter).length > 0 ? filter : null;
}

function RenovationCard({ t, lang, r, showFirm }: { t: Translate; lang: Lang; r: RenovationSummary; showFirm: boolean }) {
  const urgent = r.dutyGaps.length > 0 ? ' card-overdue' : r.highRisk ? ' card-neardue' : '';
  return (
    <li class={`card item-card${urgent}`} data-renovation-id={r.id} data-status={r.status ?? undefined}>
      <div class="item-card-body">
        <a class="item-link" href={renovationPath(r.id)}>
          {placeOf(r)}
        </a>
        <p class="chips">
          <RenovationStatusChip t={t} status={r.status} />
          <RenovationFlags t={t} r={r} />
        </p>
        <p class="muted small">
          {t('reno.period', { start: formatDate(lang, r.plannedStart), end: formatDate(lang, r.plannedEnd) })}
        </p>
        <p class="muted small">
          {t('reno.contractorLine', { name: r.contractorName })}
          {showFirm ? ` · ${r.firmName}` : ''}
        </p>
        {r.status === 'STARTED' && r.nextPatrolDue && (
          <p class="small deadline" data-field="next-patrol">
            {t('reno.nextPatrolDue', { date: formatDate(lang, r.nextPatrolDue) })}
          </p>
        )}
      </div>
    </li>
  );
}

export function RenovationListScreen() {
  const { t, lang, user, call, storage, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const isFirm = user.role === 'PROPERTY';
  const [filters, setFilters] = useState<RenovationListFilters>(() => loadRenovationFilters(storage));
  const [list, setList] = useState<RenovationSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async (after: string | null) => {
    setBusy(true);
    try {
      const { renovations: page } = await call(RenovationsQuery, { filter: renovationFilterOf(filters), first: PAGE, after });
      const nodes = page.edges.map((e) => e.node);
      setList((prev) => (after && prev ? [...prev, ...nodes] : nodes));
      setTotal(page.totalCount);
      setCursor(page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null);
      setError(null);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    storage.setItem(FILTER_KEY, JSON.stringify(filters));
    if (!offline) void load(null);
  }, [filters.status, filters.highRisk, filters.withGaps, offline, lang]);

  const chip = (pressed: boolean, label: string, onClick: () => void, data: string) => (
    <button type="button" class="filter-chip" aria-pressed={pressed} onClick={onClick} data-filter={data}>
      {label}
    </button>
  );

  return (
    <main class="content">
      <div class="screen">
        <h1 ref={heading} tabIndex={-1}>
          {t('renovations.title')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        <p class="muted small">{isFirm ? t('reno.listIntroFirm') : t('reno.listIntroWatch')}</p>
        {!isFirm && (
          <p class="league-link">
            <a class="secondary" href="/renovations/league" data-action="league">
              {t('league.link')}
            </a>
          </p>
        )}
        {isFirm && (
          <div class="actions">
            <a class="button primary" href="/renovations/new" data-action="new-renovation">
              {t('reno.new')}
            </a>
          </div>
        )}
        <div class="filter-chips" role="group" aria-label={t('reno.filterShow')}>
          {chip(filters.highRisk, t('reno.highRisk'), () => setFilters({ ...filters, highRisk: !filters.highRisk }), 'high-risk')}
          {chip(filters.withGaps, t('reno.withGaps'), () => setFilters({ ...filters, withGaps: !filters.withGaps }), 'with-gaps')}
        </div>
        <div class="filter-chips" role="group" aria-label={t('reno.filterStatus')}>
          {chip(filters.status === '', t('reno.statusAll'), () => setFilters({ ...filters, status: '' }), 'status-all')}
          {RENOVATION_STATUSES.map((s) =>
            chip(filters.status === s, t(`renovationStatus.${s}`), () => setFilters({ ...filters, status: s }), `status-${s}`),
          )}
        </div>
        {list === null && !offline && !error && <p role="status">{t('common.loading')}</p>}
        {list && (
          <section aria-labelledby="renovations-list-heading">
            <h2 id="renovations-list-heading" class="muted small">
              {t('inbox.count', { n: String(total) })}
            </h2>
            {list.length === 0 ? (
              <p class="muted">{t('reno.empty')}</p>
            ) : (
              <ul class="list" data-list="renovations">
                {list.map((r) => (
                  <RenovationCard key={r.id} t={t} lang={lang} r={r} showFirm={!isFirm} />
                ))}
              </ul>
            )}
            {cursor && (
              <button class="secondary" type="button" disabled={busy} onClick={() => void load(cursor)}>
                {t('items.loadMore')}
              </button>
            )}
          </section>
        )}
      </div>
    </main>
  );
}
